import { test, expect, hydrated, jsOn } from './fixtures';

// What a first visit downloads (docs/PERFORMANCE.md, "Front end"): the wasm only where the page
// has an island, and no page heavier than its budget. Bytes, not time: the throttled timings are
// `scripts/first-visit.mjs`'s; here they would measure the test machine.
const DONG = '1141052000';
const KB = 1024;

test('a first visit downloads the wasm only where there is an island, and stays within its weight', async ({ page }, info) => {
  const js = jsOn(info.project.name);
  const spaces = await (await page.request.get(`/api/v1/dongs/${DONG}/spaces`)).json();
  const pages: [string, boolean, number][] = [
    // path, has an island, budget over the wire (the release front end: wasm 123 KB brotli)
    ['/', true, 180 * KB],
    [`/dongs/${DONG}/proposals`, false, 40 * KB],
    [`/spaces/${spaces[0].id}`, false, 40 * KB],
    [`/dongs/${DONG}/fund`, false, 40 * KB],
  ];
  for (const [path, island, budget] of pages) {
    const ctx = await page.context().browser()!.newContext({ javaScriptEnabled: js });
    const visit = await ctx.newPage();
    const cdp = await ctx.newCDPSession(visit);
    await cdp.send('Network.enable');
    let bytes = 0;
    const urls: string[] = [];
    cdp.on('Network.responseReceived', (e) => urls.push(e.response.url));
    cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
    await visit.goto(path);
    if (js) await hydrated(visit);
    await visit.waitForLoadState('networkidle');
    const wasm = urls.some((u) => u.endsWith('.wasm'));
    expect(wasm, `${path}: wasm fetched`).toBe(js && island);
    expect(bytes, `${path}: bytes over the wire`).toBeLessThanOrEqual(budget);
    await ctx.close();
  }
});
