// A first visit on a budget phone: Chromium with its CPU slowed 4× and the network at 1.6 Mbps
// down, 750 kbps up, 150 ms round trip, an empty cache. For each page it prints when the page
// painted (first contentful paint), when it became interactive (the page script sets
// `data-hydrated` once its islands, if any, run), what it downloaded, and whether the wasm was
// among it. Run it with JavaScript off too (`--no-js`): then nothing but the HTML and the
// stylesheet should arrive. Usage, with a server running demo data (`make run`):
//   node scripts/first-visit.mjs [base-url] [--no-js]
// Exits 1 when a page is not interactive within FIRST_VISIT_BUDGET_MS (default 3000).
import { launch } from './lib.mjs';

const args = process.argv.slice(2);
const base = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:3000';
const js = !args.includes('--no-js');
const budget = Number(process.env.FIRST_VISIT_BUDGET_MS ?? 3000);
const dong = '1141052000'; // 천연동: the demo's proposals and spaces

const spaces = await (await fetch(`${base}/api/v1/dongs/${dong}/spaces`)).json();
const pages = [
  ['home', '/'],
  ['proposal list', `/dongs/${dong}/proposals`],
  ["a space's week", `/spaces/${spaces[0].id}`],
  ['fund', `/dongs/${dong}/fund`],
];

const browser = await launch();
let failed = false;
console.log(`first visit, 4× CPU, 1.6 Mbps / 150 ms, JavaScript ${js ? 'on' : 'off'}: ${base}`);
for (const [name, path] of pages) {
  const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 }, locale: 'ko-KR' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  const start = Date.now();
  await page.goto(base + path, { waitUntil: 'load', timeout: 60_000 });
  let interactive;
  if (js) {
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === '1', null, { timeout: 60_000 });
    interactive = Date.now() - start;
  } else {
    interactive = Date.now() - start; // the loaded page is all there is
  }
  await page.waitForLoadState('networkidle');
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  );
  const wasm = [...urls.values()].some((u) => u.endsWith('.wasm'));
  const islands = await page.locator('leptos-island').count();
  const over = interactive > budget;
  failed ||= over;
  console.log(
    `${name.padEnd(16)} paint ${Math.round(fcp).toString().padStart(5)} ms · interactive ${interactive
      .toString()
      .padStart(5)} ms${over ? ' (over budget)' : ''} · ${(bytes / 1024).toFixed(1).padStart(6)} KB · ${islands} island(s) · wasm ${wasm ? 'fetched' : 'not fetched'}`,
  );
  await ctx.close();
}
await browser.close();
process.exit(failed ? 1 : 0);
