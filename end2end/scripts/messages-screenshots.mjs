// Screenshots of off-site messages: a resident adds an e-mail address, follows the confirmation
// link from the development outbox, chooses a daily digest of assemblies; then the account page's
// messages section, the confirmation page and the development outbox, at phone and laptop sizes,
// in Korean and English. Usage, with a development server running demo data and no SMTP:
//   node scripts/messages-screenshots.mjs <base-url> <out-dir> <resident-code>
// (the code from `uri-dongne issue-code --resident-of 1141052000`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', code] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const resident = await context(browser, base, code);

const page = await resident.newPage();
await page.goto(base + '/account#messages');
await page.fill('#email', 'minji.kim@example.kr');
await page.locator('form:has(#email) button[type=submit]').click();
await page.waitForSelector('text=확인 링크를 보냈습니다');
await page.goto(base + '/dev/outbox');
const text = await page.locator('pre.message-text').first().innerText();
const link = text.match(/https?:\/\/\S+\/account\/confirm\?t=\S+/)[0].replace(/^https?:\/\/[^/]+/, base);
await shoot(resident, 'messages-confirm', new URL(link).pathname + new URL(link).search, { size: 'phone' });
await page.goto(link);
await page.getByRole('button', { name: '확인', exact: true }).click();
await page.waitForSelector('.form-done');
await page.goto(base + '/account#messages');
const row = page.locator('form.preference:has(input[value=assemblies])');
await row.locator('select[name=frequency]').selectOption('daily');
await row.locator('input[name=consent]').check();
await row.locator('button[type=submit]').click();
await page.waitForSelector('text=동의한 날');
await page.close();

for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) {
    await shoot(resident, 'messages-account', '/account', { lang, size });
    await shoot(resident, 'messages-dev-outbox', '/dev/outbox', { lang, size });
  }
}
await browser.close();
