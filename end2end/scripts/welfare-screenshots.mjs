// Screenshots of the welfare pages so far: the sections page of 천연동's center (staff) and the
// dong page that lists them. Usage, with a server running demo data:
//   node scripts/welfare-screenshots.mjs <base-url> <out-dir> <staff-code>
// (a code from `uri-dongne issue-code --staff-of 1141052000`). The script draws two sections
// through the form first, as staff would.
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', staffCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const dong = '1141052000';

const staff = await context(browser, base, staffCode);
await shoot(staff, 'sections-empty', `/dongs/${dong}/sections`, { size: 'phone' });
const page = await staff.newPage();
for (const [name, covers] of [['1–6통', '연희로 1길–11길'], ['7–12통', '']]) {
  await page.goto(`${base}/dongs/${dong}/sections`);
  await page.fill('#new-name', name);
  await page.fill('#new-covers', covers);
  const official = page.locator('#new-official option').nth(1);
  if (name === '1–6통' && (await official.count())) {
    await page.selectOption('#new-official', await official.getAttribute('value'));
  }
  await Promise.all([page.waitForLoadState('load'), page.click('form:has(#new-name) button[type=submit]')]);
  await page.waitForSelector(`text=${name}`);
}
await page.close();
for (const size of ['phone', 'laptop']) await shoot(staff, 'sections', `/dongs/${dong}/sections`, { size });
await shoot(staff, 'sections', `/dongs/${dong}/sections`, { size: 'phone', lang: 'en' });
const anon = await context(browser, base);
await shoot(anon, 'dong-sections', `/dongs/${dong}`, { size: 'phone' });
await shoot(anon, 'dong-sections', `/dongs/${dong}`, { size: 'phone', easy: '1' });
await shoot(anon, 'dong-sections', `/dongs/${dong}`, { size: 'laptop', lang: 'en' });
await browser.close();
