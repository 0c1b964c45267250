import { test, expect, hydrated, jsOn, type People } from './fixtures';
import { scaled } from '../timing';
import { open } from './people';

// Booking the center's spaces, with and without JavaScript: a verified resident books the book
// café from the day's table (confirmed at once); another asks for the screening room and staff
// approve it (its fee goes into the dong's fund); an organiser's weekly booking skips a closure;
// staff book a walk-in now and mark the no-show; the book café's public calendar feed lists the
// bookings as busy. Each project works in a dong no other spec uses; the steps build on each other.
test.describe.configure({ mode: 'serial' });

const dongOf = (js: boolean) => (js ? { code: '1141066000', ko: '홍은1동' } : { code: '1141068500', ko: '홍은2동' });
const CAFE = '북카페 ‘마을서재’';


const signedIn = (people: People, js: boolean, selector: string[]) =>
  people.signedIn(selector);

const staff = (people: People, js: boolean, nth: number) =>
  signedIn(people, js, ['--staff-of', dongOf(js).code, '--nth', String(nth)]);
const resident = (people: People, js: boolean, nth: number) =>
  signedIn(people, js, ['--resident-of', dongOf(js).code, '--nth', String(nth)]);

/** Seoul's calendar: a day `n` days from today, as the pages write it. */
function seoulDay(n: number) {
  const d = new Date(Date.now() + 9 * 3600e3 + n * 86400e3);
  const iso = d.toISOString().slice(0, 10);
  return { iso, dow: d.getUTCDay(), label: `${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일 (${'일월화수목금토'[d.getUTCDay()]})` };
}

/** A weekday at least 9 days ahead (past the demo's week of bookings, within the 30-day horizon). */
function bookingDay() {
  for (let n = 9; ; n++) {
    const d = seoulDay(n);
    if (d.dow >= 1 && d.dow <= 5) return { ...d, n };
  }
}

const spacesUrl = (js: boolean) => `/dongs/${dongOf(js).code}/spaces`;
const consoleUrl = (js: boolean) => `/dongs/${dongOf(js).code}/spaces/console`;
let cafeUrl = '';

test('a verified resident books the book café from the day table, confirmed at once', async ({ people }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  const day = bookingDay();
  const me = await resident(people, js, 3);
  await open(me, `${spacesUrl(js)}?day=${day.iso}`, js);
  await expect(me.getByRole('heading', { level: 1 })).toHaveText(`${dongOf(js).ko} 주민센터 공간 예약`);
  const table = me.getByRole('table', { name: new RegExp(`${day.label.replace(/[()]/g, '.')} — 공간별 예약 현황`) });
  await expect(table.getByRole('columnheader', { name: CAFE })).toBeVisible();
  await table.getByRole('link', { name: `${CAFE} ${day.label} 10:00 — 예약하기` }).click();
  await expect(me).toHaveURL(/\/spaces\/\d+\?/);
  cafeUrl = new URL(me.url()).pathname;
  if (js) await hydrated(me);
  await expect(me.getByLabel('날짜')).toHaveValue(day.iso);
  await expect(me.getByLabel('시작')).toHaveValue('10:00');
  await me.getByLabel('무엇에 쓰나요').fill('그림책 함께 읽기');
  await me.getByLabel(/오는 사람 수/).fill('6');
  // past closing time first: refused with the reason, and (with JavaScript) nothing typed is lost
  await me.getByLabel('시작').fill('21:30');
  await me.getByLabel('끝').fill('22:30');
  await me.getByRole('button', { name: '예약', exact: true }).click();
  await expect(me.getByRole('alert')).toContainText('운영 시간이 아닙니다');
  if (js) {
    await expect(me.getByLabel('무엇에 쓰나요')).toHaveValue('그림책 함께 읽기');
  } else {
    await open(me, `${cafeUrl}?week=${day.iso}&date=${day.iso}&start=10:00&end=10:30`, js);
    await me.getByLabel('무엇에 쓰나요').fill('그림책 함께 읽기');
    await me.getByLabel(/오는 사람 수/).fill('6');
  }
  await me.getByLabel('시작').fill('10:00');
  await me.getByLabel('끝').fill('11:00');
  await me.getByRole('button', { name: '예약', exact: true }).click();
  await expect(me).toHaveURL(/\/bookings\/\d+\?booked=1/);
  await expect(me.getByRole('status').filter({ hasText: '예약했습니다.' })).toBeVisible();
  await expect(me.locator('.card').first()).toContainText('확정');
  // the table now shows the slot as the resident's own, and as booked to others
  await open(me, `${spacesUrl(js)}?day=${day.iso}`, js);
  const row10 = me.getByRole('row', { name: /^10:00/ });
  await expect(row10).toContainText('내 예약');
  const anon = await people.page();
  await open(anon, `${spacesUrl(js)}?day=${day.iso}`, js);
  await expect(anon.getByRole('row', { name: /^10:00/ })).toContainText('예약됨');
  await anon.context().close();
  await me.context().close();
});

test("staff approve another resident's request for the screening room; its fee reaches the fund", async ({ people }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  const day = bookingDay();
  const me = await resident(people, js, 4);
  await open(me, spacesUrl(js), js);
  await me.getByRole('link', { name: '상영실' }).first().click();
  if (js) await hydrated(me);
  await expect(me.getByText('신청하면 주민센터가 확인한 뒤 확정합니다.')).toBeVisible();
  await me.getByLabel('날짜').fill(day.iso);
  await me.getByLabel('시작').fill('14:00');
  await me.getByLabel('끝').fill('16:00');
  await me.getByLabel('무엇에 쓰나요').fill('마을 다큐멘터리 상영회');
  await me.getByLabel(/오는 사람 수/).fill('12');
  await me.getByRole('button', { name: '예약 신청' }).click();
  await expect(me).toHaveURL(/\/bookings\/\d+/);
  await expect(me.getByRole('status').filter({ hasText: '예약을 신청했습니다' })).toBeVisible();
  const bookingUrl = new URL(me.url()).pathname;
  await expect(me.locator('.card').first()).toContainText('신청 중');
  await expect(me.locator('.card').first()).toContainText('20,000원');

  const clerk = await staff(people, js, 1);
  await open(clerk, consoleUrl(js), js);
  const card = clerk.locator('.card', { hasText: '마을 다큐멘터리 상영회' });
  await card.getByRole('button', { name: '승인' }).click();
  await expect(clerk.locator('.card', { hasText: '마을 다큐멘터리 상영회' })).toHaveCount(0);
  await open(me, bookingUrl, js);
  await expect(me.locator('.card').first()).toContainText('확정');
  // the fee is the fund's rental income
  await open(clerk, `/dongs/${dongOf(js).code}/fund`, js);
  await expect(clerk.getByTestId('fund-balance')).toHaveText('20,000원');
  await expect(clerk.getByText(/상영실 대관료/).first()).toBeVisible();
  await clerk.context().close();
  await me.context().close();
});

test("an organiser's weekly booking skips the week the book café is closed", async ({ people }, info) => {
  test.setTimeout(scaled(120_000));
  const js = jsOn(info.project.name);
  const day = bookingDay();
  const next = seoulDay(day.n + 7);
  // staff close the book café on the second week's evening
  const clerk = await staff(people, js, 1);
  await open(clerk, consoleUrl(js), js);
  const closures = clerk.locator('section', { has: clerk.getByRole('heading', { name: '휴관 · 시간 막기' }) });
  await closures.getByLabel('공간', { exact: true }).selectOption({ label: CAFE });
  await closures.getByLabel('시작일').fill(next.iso);
  await closures.getByLabel('시각 (비우면 0시)').fill('18:00');
  await closures.getByLabel('종료일').fill(next.iso);
  await closures.getByLabel('시각 (비우면 하루 끝)').fill('22:00');
  await closures.getByLabel('사유 (모두에게 보임)').fill('정기 소독');
  await closures.getByRole('button', { name: '휴관 추가' }).click();
  await expect(clerk.locator('.card', { hasText: '정기 소독' })).toBeVisible();
  await clerk.context().close();

  // a resident starts a group and books its evenings, every week, three times
  const organiser = await resident(people, js, 5);
  await open(organiser, `/dongs/${dongOf(js).code}/groups/new`, js);
  const group = js ? '홍은1동 책수다 모임' : '홍은2동 책수다 모임';
  await organiser.getByLabel('모임 이름').fill(group);
  await organiser.getByLabel('모임 목적').fill('한 달에 한 권씩 읽고 이야기를 나누는 모임입니다.');
  await organiser.getByLabel('분야').selectOption('culture_learning');
  await organiser.getByRole('button', { name: '모임 만들기' }).click();
  await expect(organiser).toHaveURL(/\/groups\/\d+$/);
  await open(organiser, `${cafeUrl}?week=${day.iso}&date=${day.iso}&start=19:00&end=21:00`, js);
  await organiser.getByLabel('무엇에 쓰나요').fill('책수다 정기 모임');
  await organiser.getByLabel(/오는 사람 수/).fill('8');
  await organiser.getByLabel('주민모임으로 예약 (선택)').selectOption({ label: group });
  await organiser.getByLabel('매주').check();
  await organiser.getByLabel('횟수 (2~26)').fill('3');
  await organiser.getByRole('button', { name: '예약', exact: true }).click();
  await expect(organiser).toHaveURL(/\/bookings\/\d+\?booked=2/);
  await expect(organiser.getByRole('status').filter({ hasText: '2건을 예약했습니다.' })).toBeVisible();
  await expect(organiser.getByTestId('skipped')).toContainText(next.label);
  await expect(organiser.getByTestId('skipped')).toContainText('정기 소독');
  await expect(organiser.getByRole('heading', { name: '반복 예약의 모든 날짜' })).toBeVisible();
  await organiser.context().close();
});

test('staff book a walk-in resident now and mark the no-show', async ({ people }, info) => {
  test.setTimeout(scaled(120_000));
  const js = jsOn(info.project.name);
  const clerk = await staff(people, js, 1);
  // a space open around the clock, so the walk-in fits whatever the time of the run
  await open(clerk, `/dongs/${dongOf(js).code}/spaces/new`, js);
  const name = js ? '주민 사랑방 (JS)' : '주민 사랑방';
  await clerk.getByLabel('이름').fill(name);
  await clerk.getByLabel('종류').selectOption('other');
  for (const d of '월화수목금토일') {
    await clerk.getByLabel(`${d} 열림`).fill('00:00');
    await clerk.getByLabel(`${d} 닫힘`).fill('24:00');
  }
  await clerk.getByRole('button', { name: '저장' }).click();
  await expect(clerk).toHaveURL(/\/spaces\/\d+\?saved=1/);
  await expect(clerk.getByRole('heading', { level: 1 })).toHaveText(name);

  // the slot that has just begun, on Seoul's clock
  const now = new Date(Date.now() + 9 * 3600e3);
  const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
  const start = minutes - (minutes % 30);
  test.skip(start + 30 >= 24 * 60, 'the last half hour of the day has no slot that ends today');
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  await open(clerk, consoleUrl(js), js);
  const walkIn = clerk.locator('section', { has: clerk.getByRole('heading', { name: '방문한 주민 대신 예약' }) });
  await walkIn.getByLabel('공간', { exact: true }).selectOption({ label: name });
  await walkIn.getByLabel('주민 이름').fill('김순자');
  await walkIn.getByLabel('날짜').fill(now.toISOString().slice(0, 10));
  await walkIn.getByLabel('시작').fill(hhmm(start));
  await walkIn.getByLabel('끝').fill(hhmm(start + 30));
  await walkIn.getByLabel('무엇에 쓰나요').fill('동네 어르신 말벗 모임');
  await walkIn.getByLabel('인원').fill('4');
  await walkIn.getByRole('button', { name: '예약' }).click();
  await expect(clerk).toHaveURL(/\/bookings\/\d+\?booked=1/);
  await expect(clerk.locator('.card').first()).toContainText('방문 예약: 김순자');
  await clerk.getByRole('button', { name: '오지 않음 표시' }).click();
  await expect(clerk.locator('.card').first()).toContainText('오지 않음');
  await expect(clerk.getByRole('button', { name: '오지 않음 표시' })).toHaveCount(0);
  await clerk.context().close();
});

test("the book café's public calendar feed lists the bookings as busy", async ({ people }, info) => {
  const js = jsOn(info.project.name);
  const anon = await people.page();
  await open(anon, cafeUrl, js);
  const feed = await anon.getByRole('link', { name: /캘린더 구독/ }).getAttribute('href');
  const res = await anon.request.get(feed!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/calendar');
  const ics = await res.text();
  const events = ics.split('BEGIN:VEVENT').length - 1;
  // the resident's morning, the group's two evenings, the demo's week
  expect(events).toBeGreaterThanOrEqual(3);
  expect(ics).toContain('예약됨 / Booked');
  expect(ics).toContain('휴관 / Closed: 정기 소독');
  expect(ics, 'no purposes or names in the public feed').not.toContain('책수다');
  await anon.context().close();
});
