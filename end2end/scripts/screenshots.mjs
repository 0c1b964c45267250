// Screenshots of the main pages at phone and laptop sizes, Korean and English, normal and easy
// mode, for people to look at. Usage: start the server (make run), then
//   node scripts/screenshots.mjs [base-url] [out-dir]
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? 'screenshots';
mkdirSync(out, { recursive: true });
const pages = { home: '/', district: '/districts/1141000000', dong: '/dongs/1141052000', api: '/developers', notfound: '/nope' };
const sizes = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 768 } };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const [sizeName, viewport] of Object.entries(sizes)) {
  for (const lang of ['ko', 'en']) {
    for (const easy of ['0', '1']) {
      const ctx = await browser.newContext({ viewport });
      const host = new URL(base).hostname;
      await ctx.addCookies([
        { name: 'lang', value: lang, domain: host, path: '/' },
        { name: 'easy', value: easy, domain: host, path: '/' },
      ]);
      const page = await ctx.newPage();
      for (const [name, path] of Object.entries(pages)) {
        if (easy === '1' && !['home', 'dong'].includes(name)) continue;
        await page.goto(base + path);
        const file = `${out}/${name}-${sizeName}-${lang}${easy === '1' ? '-easy' : ''}.png`;
        await page.screenshot({ path: file, fullPage: sizeName === 'phone' ? false : true });
        console.log(file);
      }
      await ctx.close();
    }
  }
}
await browser.close();
