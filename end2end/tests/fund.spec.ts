import type { Page } from '@playwright/test';
import path from 'node:path';
import { test, expect, hydrated, jsOn, type People } from './fixtures';
import { scaled } from '../timing';
import { open, openPanel } from './people';

// The community fund, with and without JavaScript: staff record a grant and set up a project, an
// organiser of a registered group claims an expense with a receipt and cannot approve it, another
// staff member approves, the public page follows, and a mistyped entry is corrected by a
// reversal. Each project works in a dong no other spec uses; the steps build on each other.
test.describe.configure({ mode: 'serial' });

const dongOf = (js: boolean) => (js ? { code: '1141064000', ko: '홍제3동' } : { code: '1141065500', ko: '홍제2동' });


const signedIn = (people: People, js: boolean, selector: string[]) =>
  people.signedIn(selector);

const staff = (people: People, js: boolean, nth: number) =>
  signedIn(people, js, ['--staff-of', dongOf(js).code, '--nth', String(nth)]);
const resident = (people: People, js: boolean, nth: number) =>
  signedIn(people, js, ['--resident-of', dongOf(js).code, '--nth', String(nth)]);

const fundUrl = (js: boolean) => `/dongs/${dongOf(js).code}/fund`;
const project = (js: boolean) => (js ? '홍제3동 골목 화단' : '홍제2동 책 나눔 책장');
let claimUrl = '';

/** The project's row in the public page's table of projects (the journal names it too). */
const projectRow = (page: Page, js: boolean) =>
  page
    .locator('section', { has: page.getByRole('heading', { name: '사업별 예산과 집행' }) })
    .getByRole('row', { name: new RegExp(project(js)) });

test('staff record a grant and set up a project; the public page shows them', async ({ people }, info) => {
  test.setTimeout(scaled(120_000));
  const js = jsOn(info.project.name);
  const anon = await people.page();
  await open(anon, fundUrl(js), js);
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText(`${dongOf(js).ko} 마을기금`);
  await expect(anon.getByTestId('fund-balance')).toHaveText('0원');
  await expect(anon.getByText('아직 기록이 없습니다.')).toBeVisible();

  const clerk = await staff(people, js, 1);
  await open(clerk, fundUrl(js), js);
  await openPanel(clerk, '수입 기록하기');
  await clerk.getByLabel('수입 종류').selectOption('district_grant');
  await clerk.getByLabel('내용').fill('서대문구 마을기금 지원금');
  // a typo first: the amount is refused with a clear message, nothing is recorded
  await clerk.getByLabel('금액 (원)').fill('백만원');
  await clerk.getByRole('button', { name: '기록하기' }).click();
  await expect(clerk.getByRole('alert')).toContainText('금액을 1~1,000,000,000,000원 사이의 숫자로');
  await open(clerk, fundUrl(js), js);
  await expect(clerk.getByTestId('fund-balance')).toHaveText('0원');
  await openPanel(clerk, '수입 기록하기');
  await clerk.getByLabel('수입 종류').selectOption('district_grant');
  await clerk.getByLabel('내용').fill('서대문구 마을기금 지원금');
  await clerk.getByLabel('금액 (원)').fill('1,000,000');
  await clerk.getByRole('button', { name: '기록하기' }).click();
  await expect(clerk.getByTestId('fund-balance')).toHaveText('1,000,000원');
  if (js) await hydrated(clerk);

  await openPanel(clerk, '주민센터 사업 만들기');
  await clerk.getByLabel('사업 이름').fill(project(js));
  await clerk.getByLabel('예산 (원)').fill('300,000');
  await clerk.getByRole('button', { name: '사업 만들기' }).click();
  await expect(clerk.getByTestId('fund-free')).toHaveText('700,000원');
  await expect(clerk.getByTestId('fund-earmarked')).toHaveText('300,000원');

  // the grant's letter as evidence (seen by staff and the expert only)
  const grant = clerk.locator('table.journal tr').filter({ hasText: '서대문구 마을기금 지원금' });
  await grant.getByText('증빙 올리기').click();
  await grant.getByLabel(/증빙 파일/).setInputFiles(path.join(__dirname, 'assets', 'garden.png'));
  await grant.getByRole('button', { name: '올리기' }).click();
  await expect(clerk.getByRole('status').filter({ hasText: '증빙을 올렸습니다' })).toBeVisible();
  await expect(clerk.locator('table.journal').getByRole('link', { name: 'garden.png' })).toBeVisible();

  await open(anon, fundUrl(js), js);
  await expect(anon.getByTestId('fund-balance')).toHaveText('1,000,000원');
  const row = projectRow(anon, js);
  await expect(row).toContainText('300,000원');
  await expect(anon.locator('table.journal')).toContainText('서대문구 마을기금 지원금');
  // residents see the books but cannot record
  await expect(anon.getByText('수입 기록하기')).toHaveCount(0);
});

test('an organiser claims an expense with a receipt; another staff member approves it', async ({ people }, info) => {
  // four browsers, each loading (and, with JavaScript, compiling) the app
  test.setTimeout(scaled(240_000));
  const js = jsOn(info.project.name);
  const dong = dongOf(js);

  // a resident starts a group; the center registers it
  const organiser = await resident(people, js, 1);
  await open(organiser, `/dongs/${dong.code}/groups/new`, js);
  const group = js ? '홍제3동 화단 모임' : '홍제2동 책 모임';
  await organiser.getByLabel('모임 이름').fill(group);
  await organiser.getByLabel('모임 목적').fill('골목을 함께 가꾸고 책을 나누는 모임입니다.');
  await organiser.getByLabel('분야').selectOption('environment_energy');
  await organiser.getByRole('button', { name: '모임 만들기' }).click();
  await expect(organiser).toHaveURL(/\/groups\/\d+$/);
  const groupUrl = new URL(organiser.url()).pathname;
  const registrar = await staff(people, js, 1);
  await open(registrar, groupUrl, js);
  await registrar.getByRole('button', { name: '등록 모임으로 지정' }).click();
  await expect(registrar.getByText('주민센터 등록 모임').first()).toBeVisible();
  await registrar.context().close();

  // the claim, with a photo of the receipt (a multipart form, with or without JavaScript)
  await open(organiser, `${fundUrl(js)}/claims`, js);
  await organiser.getByLabel('청구하는 모임').selectOption({ label: group });
  await organiser.getByLabel('받는 곳 (이름)').fill('홍제 원예');
  await organiser.getByLabel('받는 곳 종류 (공개)').selectOption('business');
  await organiser.getByLabel('쓴 곳 (공개)').fill('화단 꽃모종과 흙 구입');
  await organiser.getByLabel('지출 종류').selectOption('materials');
  await organiser.getByLabel('사업 (있으면)').selectOption({ label: `${project(js)} (남은 돈 300,000원)` });
  // more than the project has left is refused, and what was typed stays
  await organiser.getByLabel('금액 (원)').fill('300,001');
  await organiser.getByLabel(/영수증/).setInputFiles(path.join(__dirname, 'assets', 'garden.png'));
  await organiser.getByRole('button', { name: '청구하기' }).click();
  await expect(organiser.getByRole('alert')).toContainText('이 사업에 남은 돈이 모자랍니다');
  await expect(organiser.getByLabel('받는 곳 (이름)')).toHaveValue('홍제 원예');
  await expect(organiser.getByLabel('쓴 곳 (공개)')).toHaveValue('화단 꽃모종과 흙 구입');
  await organiser.getByLabel('금액 (원)').fill('45,000');
  await organiser.getByLabel(/영수증/).setInputFiles(path.join(__dirname, 'assets', 'garden.png'));
  await organiser.getByRole('button', { name: '청구하기' }).click();
  await expect(organiser).toHaveURL(/\/fund\/claims\/\d+\?submitted=1$/);
  claimUrl = new URL(organiser.url()).pathname;
  await expect(organiser.getByRole('status')).toContainText('청구했습니다');
  await expect(organiser.locator('.claim')).toContainText('심사 중');
  await expect(organiser.locator('.claim').getByRole('link', { name: 'garden.png' })).toBeVisible();
  // the organiser cannot approve their own claim: no decision form, and the server refuses
  await expect(organiser.getByRole('button', { name: /승인/ })).toHaveCount(0);
  const refused = await organiser.request.post('/sf/fund/claims/decide', {
    form: { claim_id: claimUrl.split('/').pop()!, decision: 'approve', reason: '' },
    headers: { Accept: 'application/json' },
  });
  expect(refused.status()).toBe(403);

  // the other staff member sees the receipt and approves
  const approver = await staff(people, js, 2);
  await open(approver, `${fundUrl(js)}/claims`, js);
  const card = approver.locator('.claim').filter({ hasText: '화단 꽃모종과 흙 구입' });
  const receipt = await approver.request.get(await card.getByRole('link', { name: 'garden.png' }).getAttribute('href') as string);
  expect(receipt.headers()['content-type']).toBe('image/png');
  await card.getByRole('button', { name: '승인하고 지급 기록' }).click();
  await expect(approver.locator('.claim').filter({ hasText: '화단 꽃모종과 흙 구입' })).toContainText('승인 · 지급됨');

  // the public page: balance, the month's expense in the chart's table, the project's spending
  const anon = await people.page();
  await open(anon, fundUrl(js), js);
  await expect(anon.getByTestId('fund-balance')).toHaveText('955,000원');
  await expect(anon.getByTestId('fund-earmarked')).toHaveText('255,000원');
  const row = projectRow(anon, js);
  await expect(row).toContainText('45,000원');
  await expect(row).toContainText('255,000원');
  const thisMonth = anon.locator('section', { has: anon.getByRole('heading', { name: '최근 12개월' }) }).getByRole('row').nth(1);
  await expect(thisMonth).toContainText('1,000,000원');
  await expect(thisMonth).toContainText('45,000원');
  await expect(anon.locator('svg.chart-wide .col-expense')).toHaveCount(12);
  await expect(anon.locator('table.journal')).toContainText('화단 꽃모종과 흙 구입');
  await expect(anon.locator('table.journal')).toContainText('받는 곳 업체');
  // payee names and receipts are not public
  await expect(anon.locator('table.journal')).not.toContainText('홍제 원예');
  await expect(anon.getByRole('link', { name: 'garden.png' })).toHaveCount(0);
});

test('a mistyped entry is corrected by a reversal that stays in the journal', async ({ people }, info) => {
  test.setTimeout(scaled(120_000));
  const js = jsOn(info.project.name);
  const clerk = await staff(people, js, 1);
  await open(clerk, fundUrl(js), js);
  await openPanel(clerk, '수입 기록하기');
  await clerk.getByLabel('수입 종류').selectOption('donation');
  await clerk.getByLabel('내용').fill('주민 기부금');
  await clerk.getByLabel('금액 (원)').fill('500,000');
  await clerk.getByRole('button', { name: '기록하기' }).click();
  await expect(clerk.getByTestId('fund-balance')).toHaveText('1,455,000원');
  if (js) await hydrated(clerk);
  // it was 50,000: correct it
  const row = clerk.locator('table.journal tr').filter({ hasText: '주민 기부금' });
  await row.getByText('정정하기').click();
  await row.getByLabel('정정 사유 (공개)').fill('금액 오기 (50,000원)');
  await row.getByLabel('이 기록을 되돌리는 정정 기록을 남깁니다.').check();
  await row.getByRole('button', { name: '정정 기록 남기기' }).click();
  await expect(clerk.getByTestId('fund-balance')).toHaveText('955,000원');
  if (js) await hydrated(clerk);
  await openPanel(clerk, '수입 기록하기');
  await clerk.getByLabel('수입 종류').selectOption('donation');
  await clerk.getByLabel('내용').fill('주민 기부금 (정정)');
  await clerk.getByLabel('금액 (원)').fill('50,000');
  await clerk.getByRole('button', { name: '기록하기' }).click();
  await expect(clerk.getByTestId('fund-balance')).toHaveText('1,005,000원');

  // both the mistake and its correction stay visible, linked to each other
  const anon = await people.page();
  await open(anon, fundUrl(js), js);
  const journal = anon.locator('table.journal');
  await expect(journal.locator('tr.reversed')).toContainText('주민 기부금');
  await expect(journal.locator('tr.reversed')).toContainText(/번 기록으로 정정됨/);
  await expect(journal).toContainText('금액 오기 (50,000원)');
  await expect(journal).toContainText('−500,000원');
  // the month's statement agrees
  await anon.getByRole('link', { name: '이달 결산' }).click();
  await expect(anon.getByTestId('statement-closing')).toHaveText('1,005,000원');

  // the project's news, with a photo, for everyone to see
  await open(clerk, fundUrl(js), js);
  await projectRow(clerk, js).getByRole('link').click();
  await expect(clerk.getByRole('heading', { level: 1 })).toHaveText(project(js));
  await clerk.getByLabel('진행 소식 (주민에게 공개)').fill('꽃모종을 심고 물을 주었습니다.');
  await clerk.getByLabel('사진 (선택, 5MB까지)').setInputFiles(path.join(__dirname, 'assets', 'garden.png'));
  await clerk.getByLabel('사진 설명 (선택)').fill('꽃을 심은 골목 화단');
  await clerk.getByRole('button', { name: '소식 올리기' }).click();
  await expect(clerk.getByRole('status').filter({ hasText: '소식을 올렸습니다' })).toBeVisible();
  await open(anon, new URL(clerk.url()).pathname, js);
  const photo = anon.getByRole('img', { name: '꽃을 심은 골목 화단' });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(anon.getByText('꽃모종을 심고 물을 주었습니다.')).toBeVisible();
});
