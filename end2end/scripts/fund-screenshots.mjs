// Screenshots of the community fund (천연동's demo books): the public page (phone and laptop,
// Korean and English, easy mode), a month's statement on screen and in print, a project, and the
// claims page as staff. Usage, with a server running demo data:
//   node scripts/fund-screenshots.mjs <base-url> <out-dir> <staff-code>
// (a code from `uri-dongne issue-code --staff-of 1141052000`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', staffCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const dong = '1141052000';
const now = new Date(Date.now() + 9 * 3600_000);
const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const lastMonth = (() => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
})();

const anon = await context(browser, base);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) await shoot(anon, 'fund', `/dongs/${dong}/fund`, { lang, size });
}
await shoot(anon, 'fund', `/dongs/${dong}/fund`, { size: 'phone', easy: '1' });
await shoot(anon, 'statement', `/dongs/${dong}/fund/statements/${lastMonth}`, { size: 'laptop' });
await shoot(anon, 'statement', `/dongs/${dong}/fund/statements/${month}`, { size: 'laptop', print: true });
await shoot(anon, 'statement', `/dongs/${dong}/fund/statements/${month}`, { size: 'laptop', lang: 'en', print: true });
await shoot(anon, 'project', '/fund/projects/1', { size: 'laptop' });
if (staffCode) {
  const staff = await context(browser, base, staffCode);
  await shoot(staff, 'fund-staff', `/dongs/${dong}/fund`, { size: 'laptop' });
  await shoot(staff, 'claims', `/dongs/${dong}/fund/claims`, { size: 'laptop' });
  await shoot(staff, 'claims', `/dongs/${dong}/fund/claims?claim_error=free_short&payee=%EB%8F%99%EB%84%A4&amount=9000000`, { size: 'phone' });
}
await browser.close();
