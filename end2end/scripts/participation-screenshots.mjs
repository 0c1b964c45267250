// Screenshots of the participation pages (proposal list and page, group page, expert workspace,
// notifications) at phone and laptop sizes in Korean and English. Usage, with a server running
// demo data:
//   node scripts/participation-screenshots.mjs <base-url> <out-dir> <resident-code> <expert-code>
// (codes from `uri-dongne issue-code --resident-of 1141052000` and `--expert-of 1141000000`.)
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', residentCode, expertCode] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const sizes = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 768 } };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const host = new URL(base).hostname;

async function context(code) {
  const ctx = await browser.newContext({ viewport: sizes.laptop });
  if (code) {
    const page = await ctx.newPage();
    await page.goto(base + '/sign-in');
    await page.fill('#code', code);
    await page.locator('form:has(#code) button[type=submit]').click();
    await page.waitForURL(/\/account$/);
  }
  return ctx;
}

async function shoot(ctx, name, path, { lang = 'ko', size = 'laptop', easy = '0' } = {}) {
  await ctx.addCookies([
    { name: 'lang', value: lang, domain: host, path: '/' },
    { name: 'easy', value: easy, domain: host, path: '/' },
  ]);
  const page = await ctx.newPage();
  await page.setViewportSize(sizes[size]);
  await page.goto(base + path);
  const file = `${out}/${name}-${size}-${lang}${easy === '1' ? '-easy' : ''}.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
  await page.close();
}

const anon = await context();
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) {
    await shoot(anon, 'proposals', '/dongs/1141052000/proposals', { lang, size });
  }
}
await shoot(anon, 'district-groups', '/districts/1141000000/groups', { size: 'laptop' });
await shoot(anon, 'proposals-easy', '/dongs/1141052000/proposals', { size: 'phone', easy: '1' });
if (residentCode) {
  const resident = await context(residentCode);
  await shoot(resident, 'proposal', '/proposals/2', { size: 'laptop' });
  await shoot(resident, 'proposal', '/proposals/2', { size: 'phone', lang: 'en' });
  await shoot(resident, 'group', '/groups/1', { size: 'laptop' });
  await shoot(resident, 'new-proposal', '/dongs/1141052000/proposals/new', { size: 'phone' });
}
if (expertCode) {
  const expert = await context(expertCode);
  await shoot(expert, 'expert', '/expert/1141000000', { size: 'laptop' });
  await shoot(expert, 'expert', '/expert/1141000000', { size: 'phone', lang: 'en' });
}
await browser.close();
