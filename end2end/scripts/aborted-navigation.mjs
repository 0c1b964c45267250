// Issue 14's aborted navigation, tried on purpose: which conditions make Chromium fail a
// `page.goto` with net::ERR_ABORTED while JavaScript is off?
//
//   cd end2end && node scripts/aborted-navigation.mjs [runs per scenario, default 5]
//
// A throwaway HTTP server plays the app's pages at the time of the failure: every page preloads a
// 57 MB wasm file and a module script (as the debug build's pages did, JavaScript or not), the
// booking request is a form POST answered 303 to `/bookings/175?booked=0`, then the test opened
// `/bookings/175`. Each scenario varies what was still in flight when that `goto` started. The
// answer printed per scenario is how many gotos failed and with what. Results of 2026-12-06 are in
// docs/TESTING.md ("The aborted navigation").
import http from 'node:http';
import { chromium } from '@playwright/test';

const RUNS = Number(process.argv[2] ?? 5);
const WASM = 57 * 1024 * 1024;

/** Server behaviour, changed per scenario. */
const knobs = { stallBody: false, slowWasm: true, postDelay: 0, slowTarget: 0 };

const server = http.createServer(async (req, res) => {
  const u = new URL(req.url, 'http://x');
  if (u.pathname === '/pkg/app.wasm') {
    res.writeHead(200, { 'content-type': 'application/wasm' });
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const next = () => {
      if (res.destroyed) return;
      if (sent >= WASM) return res.end();
      sent += chunk.length;
      res.write(chunk);
      setTimeout(next, knobs.slowWasm ? 60 : 0);
    };
    return next();
  }
  if (u.pathname === '/pkg/app.js') {
    return setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end('export default 1;');
    }, 4000);
  }
  if (u.pathname === '/sf/bookings/book' && req.method === 'POST') {
    req.resume();
    return req.on('end', () =>
      setTimeout(() => {
        res.writeHead(303, { location: '/bookings/175?booked=0' });
        res.end();
      }, knobs.postDelay),
    );
  }
  if (u.pathname === '/nothing') {
    res.writeHead(204);
    return res.end();
  }
  if (u.pathname === '/bookings/175' && !u.search && knobs.slowTarget) {
    await new Promise((r) => setTimeout(r, knobs.slowTarget));
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.write(`<!doctype html><html><head>
    <link rel="modulepreload" href="/pkg/app.js" crossorigin>
    <link rel="preload" href="/pkg/app.wasm" as="fetch" type="application/wasm" crossorigin>
    </head><body><p role="status">${u.search ? 'requested' : 'page'}</p>
    <form method="post" action="/sf/bookings/book"><button>send</button></form>`);
  if (knobs.stallBody && u.search) setTimeout(() => res.end('</body></html>'), 5000);
  else res.end('</body></html>');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const baseURL = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });

/** Submits the booking form, waits as the test did (or not), then opens `/bookings/175`. */
async function attempt({ waitForAnswer, pause = 0 }) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await ctx.newPage();
  await page.goto('/bookings/1');
  await page.getByRole('button', { name: 'send' }).click({ noWaitAfter: !waitForAnswer });
  if (waitForAnswer) await page.getByRole('status').filter({ hasText: 'requested' }).waitFor();
  if (pause) await new Promise((r) => setTimeout(r, pause));
  let outcome = 'ok';
  try {
    await page.goto('/bookings/175');
  } catch (e) {
    outcome = e.message.split('\n')[0].replace(baseURL, '');
  }
  await ctx.close();
  return outcome;
}

const scenarios = [
  ['the previous page still loading its 57 MB wasm preload', {}, { waitForAnswer: true }],
  ['… and its own body still streaming', { stallBody: true }, { waitForAnswer: true }],
  ['… and the page opened answering after 3 s', { stallBody: true, slowTarget: 3000 }, { waitForAnswer: true }],
  ["the form's POST still unanswered (1.5 s) when goto starts", { postDelay: 1500 }, { waitForAnswer: false }],
  ["the form's POST answered 200 ms after goto starts", { postDelay: 200 }, { waitForAnswer: false }],
];
for (const [name, k, how] of scenarios) {
  Object.assign(knobs, { stallBody: false, slowWasm: true, postDelay: 0, slowTarget: 0 }, k);
  const outcomes = {};
  for (let i = 0; i < RUNS; i++) {
    const o = await attempt(how);
    outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  console.log(`${name}: ${JSON.stringify(outcomes)}`);
}
{
  // the control: an answer Chromium cannot show aborts the navigation with exactly that message
  const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await ctx.newPage();
  let outcome = 'ok';
  try {
    await page.goto('/nothing');
  } catch (e) {
    outcome = e.message.split('\n')[0].replace(baseURL, '');
  }
  console.log(`control, a 204 answer: ${outcome}`);
  await ctx.close();
}
await browser.close();
server.close();
