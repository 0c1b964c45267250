// What the screenshot scripts share: Debian's Chromium, signing in with a counter code, and
// taking a full-page screenshot in a language, size, mode and medium.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const sizes = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 768 } };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
}

/** A browser context, signed in with `code` when given. */
export async function context(browser, base, code) {
  const ctx = await browser.newContext({ viewport: sizes.laptop });
  if (code) {
    const page = await ctx.newPage();
    await page.goto(base + '/sign-in');
    await page.fill('#code', code);
    await page.locator('form:has(#code) button[type=submit]').click();
    await page.waitForURL(/\/account$/);
    await page.close();
  }
  return ctx;
}

/** `shoot(ctx, name, path, { lang, size, easy, print })` writes `<out>/<name>-<size>-<lang>[-easy][-print].png`. */
export function shooter(base, out) {
  mkdirSync(out, { recursive: true });
  const host = new URL(base).hostname;
  return async function shoot(ctx, name, path, { lang = 'ko', size = 'laptop', easy = '0', print = false } = {}) {
    await ctx.addCookies([
      { name: 'lang', value: lang, domain: host, path: '/' },
      { name: 'easy', value: easy, domain: host, path: '/' },
    ]);
    const page = await ctx.newPage();
    await page.setViewportSize(sizes[size]);
    if (print) await page.emulateMedia({ media: 'print' });
    await page.goto(base + path);
    const file = `${out}/${name}-${size}-${lang}${easy === '1' ? '-easy' : ''}${print ? '-print' : ''}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
    await page.close();
  };
}
