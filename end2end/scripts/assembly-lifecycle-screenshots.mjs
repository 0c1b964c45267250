// Screenshots of an assembly's lifecycle panel and of a cancellation (Cheonyeon-dong's winter
// demo assembly, which is open for pre-voting): staff see "postpone" (times only) and "cancel";
// then the script cancels it through the page's own form and shows what a resident who pre-voted
// sees, and the printable notice. Phone and laptop, Korean and English. It changes the data: run
// it against a throwaway demo database. Usage:
//   node scripts/assembly-lifecycle-screenshots.mjs <base-url> <out-dir> <staff-code> <resident-code>
// (codes from `uri-dongne issue-code --staff-of 1141052000` and `--resident-of 1141052000`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', staffCode, residentCode, id = '2'] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const path = `/assemblies/${id}`;

const staff = await context(browser, base, staffCode);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) await shoot(staff, 'assembly-lifecycle-staff', path, { lang, size });
}
// cancel through the form, as staff would
const page = await staff.newPage();
await page.goto(base + path);
await page.locator('details.danger-zone summary', { hasText: /총회 취소|Cancel the assembly/ }).click();
await page.fill('#cancel-reason', '강당 공사로 취소합니다. 새 일정은 다시 공고합니다.');
await page.locator('form:has(#cancel-reason) input[name=confirm]').check();
await page.locator('form:has(#cancel-reason) button[type=submit]').click();
await page.waitForSelector('.badge.assembly-cancelled');
await page.close();

const resident = await context(browser, base, residentCode);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) await shoot(resident, 'assembly-cancelled', path, { lang, size });
}
await shoot(resident, 'assembly-cancelled-notice', `${path}/notice`, { size: 'laptop', print: true });
await browser.close();
