// Issue 41: one field name, three forms, three rules. A title too short is refused on the
// proposal form (5–120 characters), the fund's new project (2–200) and an assembly's agenda item
// (5–200), each in Korean with its own bounds, JavaScript off (the form posts, the page comes back
// with the refusal). Titles are padded with spaces so the browser's own length check lets them
// through and the server's (which trims) refuses them.
// Usage: node scripts/refusal-screenshots.mjs <base> <resident code> <staff code> <draft assembly id> [out]
// (codes from `uri-dongne issue-code --resident-of 1141052000` and `--staff-of 1141052000`; a draft
// assembly of that dong.)
import { launch, sizes } from './lib.mjs';
import { mkdirSync } from 'node:fs';

const [base, residentCode, staffCode, assembly, out = '/tmp/shots/refusals'] = process.argv.slice(2);
const DONG = '1141052000';
mkdirSync(out, { recursive: true });
const browser = await launch();
const host = new URL(base).hostname;

async function signedIn(code) {
  const ctx = await browser.newContext({ viewport: sizes.laptop, javaScriptEnabled: false });
  await ctx.addCookies([{ name: 'lang', value: 'ko', domain: host, path: '/' }]);
  const page = await ctx.newPage();
  await page.goto(base + '/sign-in');
  await page.fill('#code', code);
  await page.locator('form:has(#code) button[type=submit]').click();
  await page.waitForURL(/\/account$/);
  await page.close();
  return ctx;
}

/** Opens the folded panel holding `input`, if it is folded. */
async function openPanel(page, input) {
  const panel = page.locator(`details:has(${input})`).first();
  if ((await panel.count()) > 0 && (await panel.getAttribute('open')) === null) await panel.locator('summary').first().click();
}

/** Opens `path`, types a one-character title (padded) into `input`, submits, shoots the refusal. */
async function refuse(ctx, name, size, path, input, submit, prepare) {
  const page = await ctx.newPage();
  await page.setViewportSize(sizes[size]);
  await page.goto(base + path);
  if (prepare) await prepare(page);
  await page.fill(input, '가     ');
  await page.locator(submit).click();
  await page.waitForLoadState('load');
  const alert = page.getByRole('alert').first();
  console.log(`${name}: ${await alert.textContent()}`);
  await alert.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/${name}-${size}-ko.png`, fullPage: size === 'phone' });
  await page.close();
}

// a code signs in once: one session per person, both sizes
const resident = await signedIn(residentCode);
const staff = await signedIn(staffCode);
for (const size of ['laptop', 'phone']) {
  await refuse(resident, 'proposal-title', size, `/dongs/${DONG}/proposals/new`, '#p-title',
    'form:has(#p-title) button[type=submit]', async (page) => {
      await page.fill('#p-problem', '놀이터 바닥이 패여 아이들이 자주 넘어집니다.');
      await page.fill('#p-solution', '패인 곳을 메우고 안전 매트를 깝니다.');
    });
  await refuse(staff, 'fund-project-title', size, `/dongs/${DONG}/fund`, '#pj-title',
    'form:has(#pj-title) button[type=submit]', async (page) => {
      await openPanel(page, '#pj-title');
      await page.fill('#pj-amount', '300,000');
    });
  await refuse(staff, 'agenda-item-title', size, `/assemblies/${assembly}`, '#it-title',
    'form:has(#it-title) button[type=submit]', async (page) => {
      await openPanel(page, '#it-title');
      await page.selectOption('#it-kind', 'single_choice');
      await page.fill('#it-options', '5월 둘째 주\n9월 첫째 주');
    });
}
await browser.close();
