import { test, expect, hydrated, jsOn } from './fixtures';
import { scaled } from '../timing';
import { issueCode, signInWithCode } from './people';

// Cheonyeon-dong, Seodaemun-gu: the first demo dong, with two demo staff members.
const DONG = '1141052000';
const DONG_KO = '천연동';

/** A fresh one-time code for the n-th staff member of DONG, from the operator CLI. */
function staffCode(nth: number): string {
  return issueCode(['--staff-of', DONG, '--nth', String(nth)]).code;
}

test('signs in through the local OAuth2 server', async ({ page }, info) => {
  await page.goto('/sign-in');
  if (jsOn(info.project.name)) await hydrated(page);
  await page.getByRole('button', { name: /Mock/ }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 2, name: '모의 주민' })).toBeVisible();
  await expect(page.getByText(/#\d+/).first()).toBeVisible();
  // the header knows who is signed in; signing out forgets it
  await expect(page.getByRole('navigation', { name: '내 메뉴' }).getByText('모의 주민')).toBeVisible();
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByRole('navigation', { name: '내 메뉴' }).getByRole('link', { name: '로그인' })).toBeVisible();
});

test('a wrong code is explained (and, with JavaScript, what was typed stays)', async ({ page }, info) => {
  const js = jsOn(info.project.name);
  await page.goto('/sign-in');
  if (js) await hydrated(page);
  await page.getByLabel(/로그인 코드/).fill('ABCD-EFGH-JKMN');
  await page.locator('form:has(#code)').getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toContainText('코드가 맞지 않습니다');
  if (js) await expect(page.getByLabel(/로그인 코드/)).toHaveValue('ABCD-EFGH-JKMN');
});

test('staff register a resident, the resident signs in with the code, staff verify them', async ({ people }, info) => {
  // three browsers, each loading (and, with JavaScript, compiling) the app
  test.setTimeout(scaled(120_000));
  const js = jsOn(info.project.name);
  // each project acts as another staff member, so the two runs do not spend each other's codes
  const staff = await people.page();
  await signInWithCode(staff, staffCode(js ? 1 : 2), js);
  await staff.goto(`/staff/${DONG}`);
  if (js) await hydrated(staff);
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(DONG_KO);

  // register at the counter, not yet verified; the printable code sheet follows
  const name = js ? '김순자' : '박영숙';
  await staff.getByLabel('이름', { exact: true }).first().fill(name);
  await staff.getByLabel('태어난 해').fill('1952');
  await staff.locator('#reg-method').selectOption('none');
  await staff.getByRole('button', { name: '등록하고 코드 인쇄' }).click();
  await expect(staff).toHaveURL(new RegExp(`/staff/${DONG}/codes/\\d+$`));
  const code = (await staff.getByTestId('sign-in-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // the resident signs in with it and is not verified yet
  const resident = await people.page();
  await signInWithCode(resident, code, js);
  await expect(resident.getByText('아직 거주 확인이 되지 않았습니다', { exact: false })).toBeVisible();
  const account = ((await resident.locator('strong.num').textContent()) ?? '').replace('#', '').trim();

  // staff verify them by account number
  await staff.goto(`/staff/${DONG}`);
  if (js) await hydrated(staff);
  await staff.getByLabel('계정 번호').fill(account);
  await staff.getByLabel('확인 방법').selectOption('id_card');
  await staff.getByRole('button', { name: '거주 확인', exact: true }).click();
  await expect(staff.getByRole('status').filter({ hasText: '거주를 확인했습니다' })).toBeVisible();
  await expect(staff.getByRole('table').first()).toContainText(name);

  await resident.reload();
  await expect(resident.getByText(`${DONG_KO} 확인된 주민`)).toBeVisible();
  // the code was spent
  const again = await people.page();
  await again.goto('/sign-in');
  if (js) await hydrated(again);
  await again.getByLabel(/로그인 코드/).fill(code);
  await again.locator('form:has(#code)').getByRole('button', { name: '로그인' }).click();
  await expect(again.getByRole('alert')).toContainText('이미 사용한 코드');
});

test('pages that need a person ask to sign in, in English too', async ({ page, context }) => {
  await page.goto('/account');
  await expect(page.getByRole('link', { name: '로그인' }).last()).toBeVisible();
  await context.addCookies([{ name: 'lang', value: 'en', url: page.url() }]);
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 2, name: 'With a code from your center' })).toBeVisible();
});
