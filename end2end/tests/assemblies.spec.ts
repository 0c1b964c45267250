import type { Page } from '@playwright/test';
import { test, expect, hydrated, jsOn, type People } from './fixtures';
import { scaled } from '../timing';
import { cli, open, openPanel, settled } from './people';

// A resident general assembly from the first proposal to the published results, with and
// without JavaScript: proposals become eligible, staff set the rules and the agenda, residents
// pre-vote online, two more are checked in at the door and vote on paper, the expert closes and
// publishes, and the results and the proposal's timeline show the outcome. Each project works in
// a dong no other spec uses; the steps build on each other: serial.
test.describe.configure({ mode: 'serial' });

const DISTRICT = '1141000000';
const dongOf = (js: boolean) => (js ? { code: '1141061500', ko: '연희동' } : { code: '1141062000', ko: '홍제1동' });


const signedIn = (people: People, js: boolean, selector: string[]) =>
  people.signedIn(selector);

const resident = (people: People, js: boolean, nth: number) =>
  signedIn(people, js, ['--resident-of', dongOf(js).code, '--nth', String(nth)]);
const staff = (people: People, js: boolean) => signedIn(people, js, ['--staff-of', dongOf(js).code, '--nth', '1']);
/** The project's expert: the dong's second staff member, made expert of the district too (the
 *  two projects run at once, and a fresh code for one person spends the other's). */
const expert = (people: People, js: boolean) =>
  people.expert(dongOf(js).code, 2, DISTRICT);

/** The display name the CLI prints for the n-th verified resident (for the door's search). */
function residentName(js: boolean, nth: number): string {
  const out = cli(['issue-code', '--resident-of', dongOf(js).code, '--nth', String(nth)]);
  const m = out.match(/#\d+ (.+) \(valid until/);
  if (!m) throw new Error(`no name in: ${out}`);
  return m[1];
}

// What the steps hand on.
const proposals: { id: string; title: string }[] = [];
let assemblyUrl = '';

const titles = (js: boolean) =>
  js
    ? ['연희동 경로당 앞 횡단보도 신호 연장', '연희동 골목 벤치 놓기', '연희동 어린이 도서 나눔 책장']
    : ['홍제1동 산책로 가로등 밝히기', '홍제1동 공원 쉼터 그늘막', '홍제1동 마을 텃밭 울타리'];
// the first is decided by approve/reject (no cost), the other two compete for the budget
const costs = ['', '300,000', '400,000'];

test('three proposals are published and become eligible', async ({ people }, info) => {
  test.setTimeout(scaled(180_000));
  const js = jsOn(info.project.name);
  const dong = dongOf(js);

  // the district's expert lowers the dong's support threshold to 1 for this run
  const ex = await expert(people, js);
  await open(ex, `/expert/${DISTRICT}`, js);
  const row = ex.getByRole('row', { name: new RegExp(dong.ko) });
  await row.getByRole('spinbutton').fill('1');
  // wait for the save itself (the field shows 1 before it lands, and closing the page would
  // abort it), then check the stored value on a fresh load
  const saved = ex.waitForResponse((r) => r.url().includes('/sf/settings/support_threshold'));
  await row.getByRole('button', { name: '저장' }).click();
  await saved;
  await open(ex, `/expert/${DISTRICT}`, js);
  await expect(ex.getByRole('row', { name: new RegExp(dong.ko) }).getByRole('spinbutton')).toHaveValue('1');
  await ex.context().close();

  const author = await resident(people, js, 1);
  const supporter = await resident(people, js, 2);
  for (const [i, title] of titles(js).entries()) {
    await open(author, `/dongs/${dong.code}/proposals/new`, js);
    await author.getByLabel('제목').fill(title);
    await author.getByLabel('어떤 문제인가요').fill(`${title}: 주민들이 오래 불편을 겪었습니다.`);
    await author.getByLabel('어떻게 해결하면 좋을까요').fill('주민센터와 주민모임이 함께 준비합니다.');
    await author.getByLabel('분야', { exact: true }).selectOption('safety');
    if (costs[i]) await author.getByLabel(/예상 비용/).fill(costs[i]);
    await author.getByRole('button', { name: '초안 저장' }).click();
    await expect(author).toHaveURL(/\/proposals\/\d+$/);
    const url = new URL(author.url()).pathname;
    if (js) await hydrated(author);
    await author.getByRole('button', { name: '공개하기' }).click();
    // published (a draft shows the same support bar, so wait for the status itself)
    await expect(author.locator('.proposal .badge').first()).toHaveText('공감 모으는 중');
    await expect(author.getByText('공감 0 / 1명')).toBeVisible();
    proposals.push({ id: url.split('/').pop()!, title });

    await open(supporter, url, js);
    await supporter.getByRole('button', { name: '공감하기' }).click();
    await expect(supporter.getByRole('button', { name: '공감 취소' })).toBeVisible({ timeout: scaled(30_000) });
    await expect(supporter.locator('.proposal .badge').first()).toHaveText('총회 상정 가능');
  }
});

test('staff set the rules, create the assembly, add the agenda and open pre-voting', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  const dong = dongOf(js);
  expect(proposals, 'the previous test made the proposals').toHaveLength(3);

  const st = await staff(people, js);
  await open(st, `/dongs/${dong.code}/assemblies`, js);
  await expect(st.getByText('아직 열린 주민총회가 없습니다.')).toBeVisible();
  // the quorum, lowered to four residents for the test
  await st.getByText('이 동의 총회 규칙').click();
  await st.getByLabel('의사정족수 기준').selectOption('absolute');
  await st.getByLabel('의사정족수 값').fill('4');
  await st.getByRole('button', { name: '규칙 저장' }).click();
  await expect(st.getByRole('status').filter({ hasText: '저장했습니다.' })).toBeVisible();
  await open(st, `/dongs/${dong.code}/assemblies`, js);
  await expect(st.getByLabel('의사정족수 값')).toHaveValue('4');

  // a session next month (the lifecycle moves by the organisers' steps, not by the clock)
  await st.getByRole('link', { name: '총회 만들기' }).click();
  await expect(st.getByRole('heading', { level: 1 })).toHaveText('주민총회 만들기');
  if (js) await hydrated(st);
  const day = weekdayFrom(30);
  await st.getByLabel('제목').fill(`${dong.ko} 2027 주민총회`);
  await st.getByLabel('장소').fill(`${dong.ko} 주민센터 3층 강당`);
  await st.getByLabel('총회 시작').fill(`${day}T14:00`);
  await st.getByLabel('총회 끝').fill(`${day}T17:00`);
  // the center's screening room is booked for the session (and moves when the assembly does)
  await st.getByLabel(/주민센터 공간 예약/).selectOption({ label: '상영실' });
  await st.getByRole('button', { name: '총회 만들기' }).click();
  await expect(st).toHaveURL(/\/assemblies\/\d+$/);
  assemblyUrl = new URL(st.url()).pathname;
  await expect(st.locator('article.assembly .badge')).toHaveText('준비 중');
  await expect(st.getByText('4명', { exact: true })).toBeVisible();
  if (js) await hydrated(st);

  // 1: approve or reject the first proposal
  await st.getByLabel('결정 방식').selectOption('proposal');
  await st.getByLabel(/제안 번호/).fill(proposals[0].id);
  await st.getByRole('button', { name: '안건 추가' }).click();
  await expect(st.getByRole('heading', { name: `1. ${proposals[0].title}` })).toBeVisible();
  // 2: a participatory budget of 500,000 won for the other two
  await st.getByLabel('결정 방식').selectOption('budget');
  await st.getByLabel(/제안 번호/).fill(`${proposals[1].id}, ${proposals[2].id}`);
  await st.getByLabel(/^제목/).fill('2027 주민참여예산');
  await st.getByLabel('예산 (원)').fill('500000');
  await st.getByRole('button', { name: '안건 추가' }).click();
  await expect(st.getByRole('heading', { name: '2. 2027 주민참여예산' })).toBeVisible();
  // 3: an item added by mistake: moved up, then taken off again after a confirmation
  await st.getByLabel('결정 방식').selectOption('single_choice');
  await st.getByLabel(/^제목/).fill('임시로 넣은 안건');
  await st.getByLabel(/^선택지/).fill('가\n나');
  await st.getByRole('button', { name: '안건 추가' }).click();
  await expect(st.getByRole('heading', { name: '3. 임시로 넣은 안건' })).toBeVisible();
  const extra = () => st.locator('li.agenda-item', { has: st.getByRole('heading', { name: /임시로 넣은 안건/ }) });
  await extra().getByRole('button', { name: '↑ 위로' }).click();
  await expect(st.getByRole('heading', { name: '2. 임시로 넣은 안건' })).toBeVisible();
  await expect(st.getByRole('heading', { name: '3. 2027 주민참여예산' })).toBeVisible();
  await extra().getByText('이 안건 빼기').click();
  await extra().getByLabel(/이 안건을 총회에서 뺍니다/).check();
  await extra().getByRole('button', { name: '안건 빼기' }).click();
  await expect(st.getByRole('heading', { name: /임시로 넣은 안건/ })).toHaveCount(0);
  await expect(st.getByRole('heading', { name: '2. 2027 주민참여예산' })).toBeVisible();

  // the budget put to the vote must be money the fund has: refused while the fund is empty
  await tryStep(st, '공고하기 (주민에게 공개, 정족수 확정)');
  await expect(st.getByRole('alert')).toContainText('마을기금의 쓸 수 있는 돈보다 많습니다');
  await open(st, `/dongs/${dong.code}/fund`, js);
  await openPanel(st, '수입 기록하기');
  await st.getByLabel('수입 종류').selectOption('district_grant');
  await st.getByLabel('내용').fill('서대문구 주민참여예산 지원금');
  await st.getByLabel('금액 (원)').fill('500,000');
  await st.getByRole('button', { name: '기록하기' }).click();
  await expect(st.getByTestId('fund-balance')).toHaveText('500,000원');
  await open(st, assemblyUrl, js);
  await expect(st.locator('article.assembly .badge')).toHaveText('준비 중');
  await advance(st, '공고하기 (주민에게 공개, 정족수 확정)', js);
  await expect(st.locator('article.assembly .badge')).toHaveText('공고됨');
  await advance(st, '사전 온라인 투표 시작', js);
  await expect(st.locator('article.assembly .badge')).toHaveText('사전 온라인 투표 중');

  // postponed by a day while pre-voting runs: only the times can change now
  const later = weekdayAfter(day);
  await expect(st.getByRole('heading', { name: '총회 연기 (일시만 바꿀 수 있습니다)' })).toBeVisible();
  await st.getByLabel('새 총회 시작').fill(`${later}T14:00`);
  await st.getByLabel('새 총회 끝').fill(`${later}T17:00`);
  await st.getByRole('button', { name: '연기하기' }).click();
  await expect(st.getByText(/일정이 바뀌었습니다/)).toBeVisible();
  await expect(st.locator('dl.facts').first()).toContainText(`${later} 14:00`);
  if (js) await hydrated(st);
  // the screening room's booking moved with it: free on the first day, held on the new one
  await open(st, `/dongs/${dong.code}/spaces`, js);
  await st.getByRole('link', { name: '상영실' }).first().click();
  await expect(st.getByRole('heading', { level: 1 })).toContainText('상영실');
  const room = new URL(st.url()).pathname;
  const freeAt = (date: string) => st.locator(`a[href*="date=${date}&start=14:00"]`);
  await open(st, `${room}?week=${day}`, js);
  await expect(freeAt(day)).toHaveCount(1);
  await open(st, `${room}?week=${later}`, js);
  await expect(st.getByRole('row', { name: /^14:00/ })).toContainText(/예약됨|내 예약/);
  await expect(freeAt(later)).toHaveCount(0);

  // the proposal is now on the agenda
  await open(st, `/proposals/${proposals[0].id}`, js);
  await expect(st.locator('.proposal .badge').first()).toHaveText('총회 안건');
});

/** The first Monday-to-Friday date (YYYY-MM-DD) at least `days` days from now (the meeting
 *  center's rooms are open 9–22 on weekdays). */
function weekdayFrom(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The next Monday-to-Friday date after `date` (YYYY-MM-DD). */
function weekdayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

/** Tries a lifecycle step that is expected to be refused (its boxes ticked, its button clicked). */
async function tryStep(page: Page, label: string) {
  const button = { name: label, exact: true };
  const form = page.locator('form').filter({ has: page.getByRole('button', button) });
  await form.getByLabel('이 단계는 되돌릴 수 없습니다.').check();
  const offPlan = form.getByLabel(/계획된 일정과 다르게/);
  if ((await offPlan.count()) > 0) await offPlan.check();
  await form.getByRole('button', button).click();
}

/** One lifecycle step: its form's confirmation box (and, when the step departs from the planned
 *  times, the second box that says so), then its button. */
async function advance(page: Page, label: string, js: boolean) {
  const button = { name: label, exact: true };
  const form = page.locator('form').filter({ has: page.getByRole('button', button) });
  await form.getByLabel('이 단계는 되돌릴 수 없습니다.').check();
  const offPlan = form.getByLabel(/계획된 일정과 다르게/);
  if ((await offPlan.count()) > 0) await offPlan.check();
  await form.getByRole('button', button).click();
  await expect(page.getByRole('button', button)).toHaveCount(0);
  if (js) await hydrated(page);
}

// What the three online voters choose: item 1 (approve/reject) and item 2 (budget projects).
const online: { nth: number; item1: string; item2: number[] }[] = [
  { nth: 3, item1: '찬성', item2: [1] },
  { nth: 4, item1: '찬성', item2: [1] },
  { nth: 5, item1: '반대', item2: [2] },
];

test('three residents vote online, once per item', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  expect(assemblyUrl, 'the previous test made the assembly').not.toBe('');

  for (const v of online) {
    const voter = await resident(people, js, v.nth);
    await open(voter, assemblyUrl, js);
    const item1 = voter.locator('.agenda-item').nth(0);
    await item1.getByLabel(v.item1).check();
    await item1.getByRole('button', { name: '투표하기' }).click();
    await expect(voter.locator('.agenda-item').nth(0).getByText('온라인으로 투표했습니다.')).toBeVisible();
    if (js) await hydrated(voter);
    const item2 = voter.locator('.agenda-item').nth(1);
    if (v.nth === 3) {
      // both projects together cost more than the budget: refused, nothing recorded
      for (const p of [1, 2]) await item2.getByLabel(new RegExp(proposals[p].title)).check();
      await item2.getByRole('button', { name: '투표하기' }).click();
      await expect(voter.getByRole('alert')).toContainText('예산');
      await open(voter, assemblyUrl, js);
      await expect(voter.locator('.agenda-item').nth(1).getByRole('button', { name: '투표하기' })).toBeVisible();
    }
    for (const p of v.item2) await item2.getByLabel(new RegExp(proposals[p].title)).check();
    await item2.getByRole('button', { name: '투표하기' }).click();
    await expect(voter.locator('.agenda-item').nth(1).getByText('온라인으로 투표했습니다.')).toBeVisible();
    // the resident's own record: which items, never which choices
    await open(voter, assemblyUrl, js);
    await expect(voter.getByText('투표한 안건: 1, 2번')).toBeVisible();
    await expect(voter.getByRole('button', { name: '투표하기' })).toHaveCount(0);
    await voter.context().close();
  }
});

test('at the session, staff check in two residents and enter their paper ballots', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  const st = await staff(people, js);
  await open(st, assemblyUrl, js);
  await advance(st, '총회 시작', js);
  await expect(st.locator('article.assembly .badge')).toHaveText('총회 진행 중');
  await st.getByRole('link', { name: '현장 접수·종이 투표' }).click();
  await expect(st.getByRole('heading', { level: 1 })).toHaveText('현장 접수');

  // a resident who voted online is shown as such at the door
  await searchAtDoor(st, residentName(js, 3), js);
  await expect(st.locator('.card').filter({ hasText: '온라인으로 투표한 안건: 1, 2번' }).first()).toBeVisible();

  for (const nth of [6, 7]) {
    const name = residentName(js, nth);
    await searchAtDoor(st, name, js);
    const card = st.locator('.card').filter({ hasText: name }).filter({ has: st.getByRole('button', { name: '접수하기' }) }).first();
    await card.getByRole('button', { name: '접수하기' }).click();
    // checked in, with a paper ballot for both items
    await expect(st.locator('.card').filter({ hasText: name }).filter({ hasText: '접수됨 · 종이 투표지: 1, 2번' }).first()).toBeVisible();
    if (js) await hydrated(st);
  }

  // more paper ballots than checked-in residents without an online vote are refused
  await open(st, `${assemblyUrl}/door`, js);
  const paper1 = st.locator('.agenda-item').nth(0);
  await paper1.getByLabel('투표지 수').fill('3');
  await paper1.getByLabel('찬성').fill('3');
  await paper1.getByLabel('반대').fill('0');
  await paper1.getByLabel('기권').fill('0');
  await paper1.getByRole('button', { name: '저장' }).click();
  await expect(st.getByRole('alert')).toBeVisible();
  if (js) await hydrated(st);

  // item 1, miscounted first: one approval and one rejection; item 2: both chose the cheaper
  // project
  await open(st, `${assemblyUrl}/door`, js);
  await fillPaper(st, 0, { '투표지 수': '2', 찬성: '1', 반대: '1', 기권: '0' }, js);
  await fillPaper(st, 1, { '투표지 수': '2', 기권: '0', [proposals[1].title]: '2', [proposals[2].title]: '0' }, js);
  // the recount finds two approvals: the correction is a record of its own beside the first,
  // and waits for a second person like every entry
  await fillPaper(st, 0, { 찬성: '2', 반대: '0' }, js, '고쳐서 저장');
  const trail1 = st.locator('.agenda-item').nth(0).locator('table.paper-trail');
  await expect(trail1.getByRole('row', { name: /처음 입력/ })).toContainText('찬성 1 · 반대 1');
  await expect(trail1.getByRole('row', { name: /고침/ })).toContainText('찬성 2 · 반대 0');
  await expect(trail1.locator('.badge')).toHaveText('확인 기다림');
  await expect(st.locator('.agenda-item').nth(0)).toContainText('다른 담당자가 확인해야 합니다');
  await expect(st.getByRole('button', { name: '숫자가 맞음을 확인' })).toHaveCount(0);

  // the projector's count: 3 online + 2 in the room against the quorum of 4
  await open(st, `${assemblyUrl}/live`, js);
  await expect(st.locator('.live-number')).toContainText('5');
  await expect(st.locator('.live-number')).toContainText('정족수 4명');
  await expect(st.getByText('✓ 정족수를 채웠습니다')).toBeVisible();
});

async function searchAtDoor(page: Page, name: string, js: boolean) {
  await page.getByLabel('이름').fill(name);
  await page.getByRole('button', { name: '찾기' }).click();
  await expect(page).toHaveURL(/name=/);
  await expect(page.locator('.card').filter({ hasText: name }).first()).toBeVisible();
  if (js) await hydrated(page);
}

async function fillPaper(page: Page, index: number, values: Record<string, string>, js: boolean, button = '저장') {
  const form = page.locator('.agenda-item').nth(index);
  for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  const saved = page.waitForResponse((r) => r.url().includes('/sf/') && r.request().method() === 'POST');
  await form.getByRole('button', { name: button, exact: true }).click();
  await saved;
  if (js) await settled(page);
  // the page comes back with the confirmation (in place with JavaScript, as a new page without)
  await expect(page.getByRole('status').filter({ hasText: '집계를 저장했습니다.' })).toBeVisible();
  await expect(page).toHaveURL(/\/door/);
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test('the expert closes the vote and publishes the results; the proposal is accepted', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  const ex = await expert(people, js);
  await open(ex, assemblyUrl, js);
  await advance(ex, '투표 마감', js);
  await expect(ex.locator('article.assembly .badge')).toHaveText('투표 마감');
  // the paper tallies wait for a second person: the expert (here also the center's second
  // member of staff) confirms what the first entered
  await ex.getByRole('link', { name: '현장 접수·종이 투표' }).click();
  await expect(ex.getByRole('heading', { level: 1 })).toHaveText('현장 접수');
  if (js) await hydrated(ex);
  for (const n of [0, 1]) {
    await ex.locator('.agenda-item').nth(n).getByRole('button', { name: '숫자가 맞음을 확인' }).click();
    await expect(ex.locator('.agenda-item').nth(n).locator('table.paper-trail .badge')).toHaveText('확인됨');
    if (js) await hydrated(ex);
  }
  await open(ex, assemblyUrl, js);
  await advance(ex, '결과 공개', js);
  await expect(ex.locator('article.assembly .badge')).toHaveText('결과 공개');

  // anyone reads the results
  const anon = await people.page();
  await open(anon, `${assemblyUrl}/results`, js);
  const facts = anon.locator('dl.facts');
  await expect(facts).toContainText(/온라인 참여 주민\s*3/);
  await expect(facts).toContainText(/현장 참석 주민\s*2/);
  const item1 = anon.locator('.agenda-item').nth(0);
  await expect(item1.locator('.badge')).toHaveText('가결');
  await expect(item1).toContainText('온라인 3표 · 현장 2표');
  await expect(item1.getByRole('row', { name: /찬성/ })).toContainText('4');
  await expect(item1.getByRole('row', { name: /반대/ })).toContainText('1');
  // the budget: the cheaper project has 4 votes and fits; the other (1 vote, 400,000 won) no
  // longer fits in the 200,000 won left
  const item2 = anon.locator('.agenda-item').nth(1);
  const votes = item2.locator('table.results-table');
  await expect(votes.getByRole('row', { name: new RegExp(proposals[1].title) })).toContainText('✓');
  await expect(votes.getByRole('row', { name: new RegExp(proposals[1].title) }).locator('td')).toHaveText('4');
  await expect(votes.getByRole('row', { name: new RegExp(proposals[2].title) })).not.toContainText('✓');
  // and why: the first funded in its turn, the second no longer fitting in what was left
  const why = item2.locator('table.funding-table');
  await expect(why.getByRole('row', { name: new RegExp(proposals[1].title) })).toContainText('1번째 선정');
  await expect(why.getByRole('row', { name: new RegExp(proposals[2].title) })).toContainText('모자랐습니다');
  await expect(item2.locator('svg.chart')).toBeVisible();
  // how the paper ballots were counted: the first entry, its correction, and who confirmed it
  const trail = anon.locator('table.paper-trail').first();
  await expect(trail.getByRole('row', { name: /처음 입력/ })).toContainText('찬성 1 · 반대 1');
  await expect(trail.getByRole('row', { name: /고침/ })).toContainText('찬성 2 · 반대 0');
  await expect(trail.locator('.badge')).toHaveText('확인됨');
  // the digest is the SHA-256 of the published document
  const digest = (await anon.locator('code.digest').textContent())!.trim();
  expect(digest).toMatch(/^[0-9a-f]{64}$/);
  const doc = await anon.request.get(`${assemblyUrl}/results.json`);
  expect(doc.headers()['x-results-digest']).toBe(`sha-256=${digest}`);
  const { createHash } = await import('node:crypto');
  expect(createHash('sha256').update(await doc.body()).digest('hex')).toBe(digest);

  // the accepted proposal says so on its timeline
  await open(anon, `/proposals/${proposals[0].id}`, js);
  await expect(anon.locator('.proposal .badge').first()).toHaveText('총회 가결');
  await expect(anon.locator('.timeline')).toContainText('총회에서 가결');
});

test('staff cancel another assembly; its pre-voter is told the ballot was voided', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  const dong = dongOf(js);
  const st = await staff(people, js);
  await open(st, `/dongs/${dong.code}/assemblies/new`, js);
  const day = weekdayFrom(40);
  await st.getByLabel('제목').fill(`${dong.ko} 임시 주민총회`);
  await st.getByLabel('장소').fill(`${dong.ko} 주민센터 2층`);
  await st.getByLabel('총회 시작').fill(`${day}T10:00`);
  await st.getByLabel('총회 끝').fill(`${day}T12:00`);
  await st.getByLabel(/주민센터 공간 예약/).selectOption({ label: '상영실' });
  await st.getByRole('button', { name: '총회 만들기' }).click();
  await expect(st).toHaveURL(/\/assemblies\/\d+$/);
  const url = new URL(st.url()).pathname;
  // the screening room is held for the session
  await open(st, `/dongs/${dong.code}/spaces`, js);
  await st.getByRole('link', { name: '상영실' }).first().click();
  await expect(st.getByRole('heading', { level: 1 })).toContainText('상영실');
  const room = new URL(st.url()).pathname;
  const freeAt10 = () => st.locator(`a[href*="date=${day}&start=10:00"]`);
  await open(st, `${room}?week=${day}`, js);
  await expect(st.getByRole('row', { name: /^10:00/ })).toContainText(/예약됨|내 예약/);
  await expect(freeAt10()).toHaveCount(0);
  await open(st, url, js);
  await st.getByLabel('결정 방식').selectOption('single_choice');
  await st.getByLabel(/^제목/).fill('마을 잔치 날짜');
  await st.getByLabel(/^선택지/).fill('5월\n9월');
  await st.getByRole('button', { name: '안건 추가' }).click();
  await expect(st.getByRole('heading', { name: '1. 마을 잔치 날짜' })).toBeVisible();
  await advance(st, '공고하기 (주민에게 공개, 정족수 확정)', js);
  await advance(st, '사전 온라인 투표 시작', js);
  await expect(st.locator('article.assembly .badge')).toHaveText('사전 온라인 투표 중');

  const voter = await resident(people, js, 3);
  await open(voter, url, js);
  await voter.locator('.agenda-item').nth(0).getByLabel('9월').check();
  await voter.getByRole('button', { name: '투표하기' }).click();
  await expect(voter.getByText('온라인으로 투표했습니다.')).toBeVisible();

  // the reason is public; the box must be ticked
  await open(st, url, js);
  await st.getByText('총회 취소', { exact: true }).click();
  await st.getByLabel(/취소 사유/).fill('강당 공사로 취소합니다. 새 일정은 다시 알려 드립니다.');
  await st.getByLabel(/총회를 취소합니다/).check();
  await st.getByRole('button', { name: '총회 취소하기' }).click();
  await expect(st.locator('article.assembly .badge')).toHaveText('취소됨');
  await expect(st.getByText('강당 공사로 취소합니다.', { exact: false })).toBeVisible();
  await expect(st.getByRole('button', { name: '총회 취소하기' })).toHaveCount(0);
  // and the room is free again
  await open(st, `${room}?week=${day}`, js);
  await expect(freeAt10()).toHaveCount(1);

  // the pre-voter sees that their ballot was voided, and was notified
  await open(voter, url, js);
  await expect(voter.getByText('회원님이 낸 사전 투표 1건도 무효가 되었습니다', { exact: false })).toBeVisible();
  await open(voter, '/notifications', js);
  await expect(voter.getByText('주민총회가 취소되었습니다', { exact: false }).first()).toBeVisible();
  await voter.context().close();
});

