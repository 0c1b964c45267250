// Screenshots of off-site messages: a resident adds an e-mail address, follows the confirmation
// link from the development outbox, chooses a daily digest of assemblies, adds a mobile number
// and types the code from the development outbox, chooses bookings by KakaoTalk; then the account page's
// messages section, the confirmation page and the development outbox, at phone and laptop sizes,
// in Korean and English. Usage, with a development server running demo data and no SMTP:
//   node scripts/messages-screenshots.mjs <base-url> <out-dir> <resident-code>
// (the code from `uri-dongne issue-code --resident-of 1141052000`).
import { context, launch, shooter, sizes } from './lib.mjs';

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
const row = page.locator('form.preference:has(input[value=assemblies]):has(input[value=email])');
await row.locator('select[name=frequency]').selectOption('daily');
await row.locator('input[name=consent]').check();
await row.locator('button[type=submit]').click();
await page.waitForSelector('text=동의한 날');
await page.fill('#phone', '010-2345-6789');
await page.locator('form:has(#phone) button[type=submit]').click();
await page.waitForSelector('text=인증번호를 보냈습니다');
await page.goto(base + '/dev/outbox');
const sms = await page.locator('pre.message-text').first().innerText();
await page.goto(base + '/account#messages');
await page.fill('#phone-code', sms.match(/인증번호 ([0-9]{6})/)[1]);
await page.locator('form:has(#phone-code) button[type=submit]').click();
await page.waitForSelector('text=번호를 확인했습니다');
const kakao = page.locator('form.preference:has(input[value=bookings]):has(input[value=alimtalk])');
await kakao.locator('select[name=frequency]').selectOption('at_once');
await kakao.locator('input[name=consent]').check();
await kakao.locator('button[type=submit]').click();
await page.waitForSelector('text=바로 · 동의한 날');
await page.close();

for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) {
    await shoot(resident, 'messages-account', '/account', { lang, size });
    await shoot(resident, 'messages-dev-outbox', '/dev/outbox', { lang, size });
  }
}

// an e-mail as a mail program renders it (its HTML part, outside the site): the confirmation
// link in Korean, then, with the account's language set to English, a new one in English
async function shootEmail(lang) {
  // the development outbox's server function answers the messages with their HTML part
  const answer = await resident.request.post(base + '/sf/dev/outbox', { form: {} });
  const html = (await answer.json()).find((m) => m.html).html;
  for (const size of ['phone', 'laptop']) {
    const mail = await browser.newPage({ viewport: sizes[size] });
    await mail.setContent(html);
    const file = `${out}/messages-email-${size}-${lang}.png`;
    await mail.screenshot({ path: file, fullPage: true });
    console.log(file);
    await mail.close();
  }
}
await shootEmail('ko');
const settings = await resident.newPage();
await settings.goto(base + '/account');
await settings.selectOption('#lang', 'en');
await settings.locator('form:has(#lang) button[type=submit]').click();
await settings.waitForLoadState('networkidle');
await settings.fill('#email', 'minji.kim@example.kr');
await settings.locator('form:has(#email) button[type=submit]').click();
await settings.waitForSelector('.form-done');
await settings.close();
await shootEmail('en');
await browser.close();
