// Screenshots of the identity pages (sign-in, account, staff desk, code sheet, roles, audit) at
// phone and laptop sizes in Korean and English. Usage, with a server running demo data:
//   node scripts/identity-screenshots.mjs <base-url> <out-dir> <staff-code> <admin-code>
// (codes from `uri-dongne issue-code --staff-of 1141052000` and `--user <admin id>`; each code
// works once, so the script signs in once per role and reuses the session.)
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', staffCode, adminCode] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const sizes = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 768 } };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const host = new URL(base).hostname;

async function signedIn(code) {
  const ctx = await browser.newContext({ viewport: sizes.laptop });
  const page = await ctx.newPage();
  await page.goto(base + '/sign-in');
  await page.fill('#code', code);
  await page.locator('form:has(#code) button[type=submit]').click();
  await page.waitForURL(/\/account$/);
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

const anon = await browser.newContext();
for (const size of ['phone', 'laptop']) for (const lang of ['ko', 'en']) await shoot(anon, 'sign-in', '/sign-in', { size, lang });
await shoot(anon, 'sign-in', '/sign-in', { size: 'phone', easy: '1' });
if (staffCode) {
  const staff = await signedIn(staffCode);
  for (const size of ['phone', 'laptop']) for (const lang of ['ko', 'en']) {
    await shoot(staff, 'account', '/account', { size, lang });
    await shoot(staff, 'staff', '/staff/1141052000', { size, lang });
  }
  // register a resident and capture the printable code sheet
  const page = await staff.newPage();
  await page.goto(base + '/staff/1141052000');
  await page.fill('#reg-name', '홍길순');
  await page.fill('#reg-year', '1949');
  await page.locator('form:has(#reg-name) button[type=submit]').click();
  await page.waitForURL(/codes\/\d+$/);
  await page.screenshot({ path: `${out}/code-sheet-laptop.png`, fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${out}/code-sheet-print.png`, fullPage: true });
  console.log(`${out}/code-sheet-*.png`);
}
if (adminCode) {
  const admin = await signedIn(adminCode);
  for (const lang of ['ko', 'en']) {
    await shoot(admin, 'roles', '/admin/roles', { lang });
    await shoot(admin, 'audit', '/audit', { lang });
  }
  await shoot(admin, 'roles', '/admin/roles', { size: 'phone' });
}
await browser.close();
