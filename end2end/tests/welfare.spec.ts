import type { Page } from '@playwright/test';
import { test, expect, hydrated, jsOn, type People } from './fixtures';
import { scaled } from '../timing';
import { open, settled } from './people';

// Welfare referrals, with and without JavaScript: a neighbour refers a household in Yeonhui-dong
// without signing in and keeps the receipt number; the dong's welfare team takes the case, visits,
// links a service and closes it; the neighbour sees only "received", then "closed"; another
// dong's staff and the district's expert are refused the case. The demo's Yeonhui team does the
// work (the officer with JavaScript, the nurse without), each on its own referral.
test.describe.configure({ mode: 'serial' });

const YEONHUI = '1141061500';
// Dongs no other spec signs people in from: a code issued here cancels nobody else's.
const NAMGAJWA1 = '1141069000';
const BUKGAJWA1 = '1141071000';
const SEODAEMUN = '1141000000';
const place = (js: boolean) => `e2e ${js ? '켜짐' : '꺼짐'} 연희로 가상빌라 ${js ? 1 : 2}층`;
let receipt = '';
let caseUrl = '';

/** Sends the page's one visible form whose button reads `button`, and waits for its answer. */
async function submit(page: Page, button: string | RegExp, js: boolean) {
  await page.getByRole('button', { name: button }).click();
  if (js) await settled(page);
}

async function statusOf(people: People, js: boolean): Promise<Page> {
  const page = await people.page();
  await open(page, '/welfare/status', js);
  await page.getByLabel('접수번호').fill(receipt.toLowerCase().replace(/-/g, ' '));
  await submit(page, '확인', js);
  return page;
}

test('a neighbour refers a household without signing in and keeps the receipt', async ({ page }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  await open(page, `/dongs/${YEONHUI}`, js);
  await page.getByRole('link', { name: '도움이 필요한 이웃 알리기' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('도움이 필요한 이웃 알리기');
  if (js) await hydrated(page);
  // nothing chosen: refused with a plain sentence, and nothing is lost
  await page.getByLabel('어디인가요?').fill(place(js));
  await submit(page, '복지 담당자에게 알리기', js);
  if (js) {
    await expect(page.getByRole('alert')).toContainText('보신 어려움을');
    await expect(page.getByLabel('어디인가요?')).toHaveValue(place(js));
  } else {
    await expect(page.getByRole('alert')).toContainText('보신 어려움을');
    await page.getByLabel('어디인가요?').fill(place(js));
  }
  await page.getByLabel('혼자 사는 어르신').check();
  await page.getByLabel('끼니를 거름').check();
  await page.getByLabel(/급해요/).check();
  await page.getByLabel('본 것을 적어 주세요 (선택)').fill('우편물이 쌓여 있어요 (e2e)');
  await submit(page, '복지 담당자에게 알리기', js);
  const shown = page.locator('[data-receipt]');
  await expect(shown).toBeVisible();
  receipt = (await shown.getAttribute('data-receipt')) ?? '';
  expect(receipt).toMatch(/^WB-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
  // shown once: a reload does not show it again
  await page.reload();
  await expect(page.locator('[data-receipt]')).toHaveCount(0);
});

test('the receipt tells only that the referral was received', async ({ people }, info) => {
  const js = jsOn(info.project.name);
  const page = await statusOf(people, js);
  await expect(page.getByRole('status')).toContainText('접수됨');
  await expect(page.getByText(place(js))).toHaveCount(0);
});

test('the welfare team takes the case, visits, links a service and closes it', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  const team = await people.signedIn(['--welfare-of', YEONHUI, '--nth', js ? '1' : '2']);
  await open(team, `/dongs/${YEONHUI}/welfare`, js);
  await expect(team.getByRole('heading', { level: 1 })).toContainText('복지 사례');
  await team.getByRole('link', { name: place(js) }).click();
  await expect(team.getByRole('heading', { level: 1 })).toContainText('사례 #');
  caseUrl = new URL(team.url()).pathname;
  if (js) await hydrated(team);
  await expect(team.getByText('우편물이 쌓여 있어요 (e2e)')).toBeVisible();

  await submit(team, '배정', js);
  await expect(team.getByText('배정했습니다.')).toBeVisible();
  await team.getByLabel('확인한 것').fill('방문함. 냉장고가 비어 있음 (e2e)');
  await submit(team, /^기록$/, js);
  await expect(team.getByText('기록했습니다.')).toBeVisible();
  await expect(team.getByText('방문함. 냉장고가 비어 있음 (e2e)')).toBeVisible();
  await team.getByLabel('서비스', { exact: true }).selectOption('emergency_support');
  await submit(team, '연계 기록', js);
  await expect(team.getByText('서비스 연계: 긴급복지지원')).toBeVisible();

  const closePanel = team.locator('details', { has: team.getByRole('heading', { name: '종결' }) });
  if ((await closePanel.getAttribute('open')) === null) await closePanel.locator('summary').click();
  await team.getByLabel('종결 사유').selectOption('linked');
  await team.getByLabel(/종결하면 더 기록할 수 없습니다/).check();
  await submit(team, /^종결$/, js);
  await expect(team.getByText('종결했습니다.')).toBeVisible();
  await expect(team.getByText('서비스 연계', { exact: false }).first()).toBeVisible();
});

test('the neighbour sees it closed, and nothing more', async ({ people }, info) => {
  const js = jsOn(info.project.name);
  const page = await statusOf(people, js);
  await expect(page.getByRole('status')).toContainText('마무리됨');
  await expect(page.getByText('긴급복지지원')).toHaveCount(0);
});

test("another dong's staff and the district's expert are refused the case", async ({ people }, info) => {
  const js = jsOn(info.project.name);
  expect(caseUrl).toMatch(/^\/welfare\/cases\/\d+$/);
  const nth = js ? 1 : 2;
  // each asks for the case page and the queue; the answers are read as sent (a 403 page logs
  // its own status in the console, which would fail the test)
  const refused = async (who: Page) => {
    for (const path of [caseUrl, `/dongs/${YEONHUI}/welfare`]) {
      const res = await who.request.get(path);
      expect(res.status(), path).toBe(403);
      const body = await res.text();
      expect(body).toContain('이 페이지를 볼 권한이 없습니다.');
      expect(body).not.toContain(place(js));
    }
  };
  await refused(await people.signedIn(['--staff-of', NAMGAJWA1, '--nth', String(nth)]));
  await refused(await people.expert(BUKGAJWA1, nth, SEODAEMUN));
  const anon = await people.page();
  const res = await anon.request.get(caseUrl);
  expect(res.status()).toBe(401);
  expect(await res.text()).toContain('이 페이지를 보려면 로그인하세요.');
});
