// Screenshots of the referral pages and the welfare team's pages, on the demo's Yeonhui-dong:
// the referral form (easy mode on a phone, and plain), the receipt after sending one, the status
// page, the team's queue and a case, and the district supervisor's page. Usage, with a server
// running demo data:
//   node scripts/welfare-referral-screenshots.mjs <base-url> <out-dir> <team-code> <supervisor-code>
// (codes from `uri-dongne issue-code --welfare-of 1141061500` and `--user <the supervisor>`).
import { context, launch, shooter, sizes } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', teamCode, supervisorCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const dong = '1141061500';

const anon = await context(browser, base);
await shoot(anon, 'refer-form', `/welfare/refer?dong=${dong}`, { size: 'phone', easy: '1' });
await shoot(anon, 'refer-form', `/welfare/refer?dong=${dong}`, { size: 'phone' });
await shoot(anon, 'refer-form', `/welfare/refer?dong=${dong}`, { size: 'laptop', lang: 'en' });
await shoot(anon, 'refer-start', '/welfare/refer', { size: 'phone' });
await shoot(anon, 'dong-welfare', `/dongs/${dong}`, { size: 'phone' });
// send one, as a neighbour would, and keep the receipt page
const page = await anon.newPage();
await page.setViewportSize(sizes.phone);
await page.goto(`${base}/welfare/refer?dong=${dong}`);
await page.check('input[value=older_alone]');
await page.fill('#refer-place', '예시: 연희로 ○○길 가상빌라 3층');
await page.fill('#refer-note', '(데모) 현관 앞에 신문이 쌓여 있어요.');
await Promise.all([page.waitForLoadState('load'), page.click('#referral-form button[type=submit]')]);
await page.waitForSelector('[data-receipt]');
await page.screenshot({ path: `${out}/refer-receipt-phone-ko.png`, fullPage: true });
const receipt = await page.getAttribute('[data-receipt]', 'data-receipt');
await page.goto(`${base}/welfare/status`);
await page.fill('#receipt', receipt);
await Promise.all([page.waitForLoadState('load'), page.click('form:has(#receipt) button[type=submit]')]);
await page.waitForSelector('[data-status]');
await page.screenshot({ path: `${out}/refer-status-phone-ko.png`, fullPage: true });
console.log(`${out}/refer-receipt-phone-ko.png ${out}/refer-status-phone-ko.png`);
await page.close();

const team = await context(browser, base, teamCode);
for (const size of ['laptop', 'phone']) await shoot(team, 'welfare-queue', `/dongs/${dong}/welfare`, { size });
await shoot(team, 'welfare-queue', `/dongs/${dong}/welfare`, { size: 'laptop', lang: 'en' });
const q = await team.newPage();
await q.goto(`${base}/dongs/${dong}/welfare`);
const first = await q.getAttribute('.queue-item a', 'href');
await q.close();
for (const size of ['laptop', 'phone']) await shoot(team, 'welfare-case', first, { size });
if (supervisorCode) {
  const sup = await context(browser, base, supervisorCode);
  await shoot(sup, 'welfare-oversight', '/districts/1141000000/welfare', { size: 'laptop' });
}
await browser.close();
