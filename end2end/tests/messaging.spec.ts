import { test, expect, hydrated, jsOn } from './fixtures';
import { scaled } from '../timing';

// Cheonyeon-dong, Seodaemun-gu: each project signs in a resident of its own.
const DONG = '1141052000';

test('a resident adds and confirms an e-mail address and chooses a daily digest', async ({ people }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  const page = await people.signedIn(['--resident-of', DONG, '--nth', js ? '4' : '5']);
  await page.goto('/account');
  if (js) await hydrated(page);
  await page.locator('#email').fill(js ? 'e2e-on@example.kr' : 'e2e-off@example.kr');
  await page.getByRole('button', { name: '확인 링크 보내기' }).click();
  await expect(page.getByRole('status').filter({ hasText: '확인 링크를 보냈습니다' })).toBeVisible();
  await expect(page.getByText('확인 기다리는 중')).toBeVisible();

  // a development server without SMTP keeps the message at /dev/outbox, where its link is read
  await page.goto('/dev/outbox');
  const text = await page.locator('pre.message-text').first().innerText();
  const link = text.match(/\/account\/confirm\?t=[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, text).toBeTruthy();

  // the link works without signing in, and only by its button
  const visitor = await people.page();
  await visitor.goto(link!);
  if (js) await hydrated(visitor);
  await visitor.getByRole('button', { name: '확인', exact: true }).click();
  await expect(visitor.getByRole('status').filter({ hasText: '확인했습니다' })).toBeVisible();

  // now a topic can be chosen, with consent
  await page.goto('/account');
  if (js) await hydrated(page);
  await expect(page.locator('#messages').getByText('확인됨')).toBeVisible();
  const row = page
    .locator('form.preference')
    .filter({ has: page.locator('input[name=topic][value=assemblies]') })
    .filter({ has: page.locator('input[name=channel][value=email]') });
  await row.locator('select[name=frequency]').selectOption('daily');
  await row.getByLabel('위 내용에 동의').check();
  await row.getByRole('button', { name: '저장' }).click();
  await expect(page.locator('#messages').getByText(/매일 아침 7시에 모아서 · 동의한 날/)).toBeVisible();
});

test('a resident confirms a mobile number with the code it received and chooses KakaoTalk', async ({ people }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  const page = await people.signedIn(['--resident-of', DONG, '--nth', js ? '6' : '7']);
  await page.goto('/account');
  if (js) await hydrated(page);
  // a landline is refused, saying why
  await page.locator('#phone').fill('02-123-4567');
  await page.getByRole('button', { name: '인증번호 받기' }).click();
  await expect(page.locator('#messages').getByRole('alert').filter({ hasText: '휴대전화 번호' })).toBeVisible();
  await page.locator('#phone').fill(js ? '010-4000-0006' : '010-4000-0007');
  await page.getByRole('button', { name: '인증번호 받기' }).click();
  await expect(page.getByRole('status').filter({ hasText: '인증번호를 보냈습니다' })).toBeVisible();

  // a development server without a provider keeps the KakaoTalk message at /dev/outbox
  await page.goto('/dev/outbox');
  const text = await page.locator('pre.message-text').first().innerText();
  const code = text.match(/인증번호 ([0-9]{6})/)?.[1];
  expect(code, text).toBeTruthy();

  await page.goto('/account');
  if (js) await hydrated(page);
  await page.locator('#phone-code').fill(code!);
  await page.getByRole('button', { name: '번호 확인' }).click();
  await expect(page.getByRole('status').filter({ hasText: '번호를 확인했습니다' })).toBeVisible();
  await expect(page.locator('#messages strong.num').filter({ hasText: /010-•+-000[67]/ })).toBeVisible();
  const row = page
    .locator('form.preference')
    .filter({ has: page.locator('input[name=topic][value=bookings]') })
    .filter({ has: page.locator('input[name=channel][value=alimtalk]') });
  await row.locator('select[name=frequency]').selectOption('at_once');
  await row.getByLabel('위 내용에 동의').check();
  await row.getByRole('button', { name: '저장' }).click();
  await expect(page.locator('#messages').getByText(/바로 · 동의한 날/)).toBeVisible();
});

// The center's call list, in a dong no other spec uses (one per project): the demo's oldest
// resident asked to be told by a visit and has two things waiting.
const CALL_DONG = (js: boolean) => (js ? '1141071000' : '1141072000');

test('staff print the call list, mark a call done and record a request at the counter', async ({ people }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  const dong = CALL_DONG(js);
  // the resident whose request is recorded: their account number from their own page
  const resident = await people.signedIn(['--resident-of', dong, '--nth', '2']);
  await resident.goto('/account');
  const account = (await resident.locator('strong.num').first().innerText()).replace('#', '').trim();
  expect(account).toMatch(/^[0-9]+$/);

  const page = await people.signedIn(['--staff-of', dong, '--nth', '1']);
  await page.goto(`/staff/${dong}`);
  await page.getByRole('link', { name: '전화·방문 알림 목록' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/${dong}/calls$`));
  if (js) await hydrated(page);
  const open = page.locator('table.call-list').first();
  await expect(open.locator('tbody tr')).toHaveCount(2);
  await expect(open).toContainText('우리 동 주민총회가 공고되었습니다');

  // printed: the list with a box to tick on paper; no buttons, no forms
  await page.emulateMedia({ media: 'print' });
  await expect(open.getByRole('button', { name: '알려 드렸음' }).first()).toBeHidden();
  await expect(open.locator('.print-box').first()).toBeVisible();
  await expect(page.locator('#record-heading')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // told: the entry leaves the list and shows under what was told lately
  await open.locator('tbody tr').first().getByRole('button', { name: '알려 드렸음' }).click();
  await expect(page.locator('table.call-list').first().locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: '최근에 알려 드린 것' })).toBeVisible();

  // a request recorded at the counter, with the consent the resident gave
  if (js) await hydrated(page);
  await page.locator('#call-account').fill(account);
  await page.locator('#call-phone').fill('010-2345-6789');
  await page.getByLabel('내 공간 예약').check();
  await page.getByLabel('주민이 위 내용에 동의했습니다.').check();
  await page.getByRole('button', { name: '기록하기' }).click();
  await expect(page.getByRole('status').filter({ hasText: '기록했습니다' })).toBeVisible();
  await expect(page.locator('section', { has: page.locator('#requests-heading') })).toContainText('010-2345-6789');
});

/** A weekday 10 or more days from today, as a date input takes it (Seoul's calendar). */
function weekdayAhead(): string {
  for (let n = 10; ; n++) {
    const d = new Date(Date.now() + 9 * 3600e3 + n * 86400e3);
    if (d.getUTCDay() >= 1 && d.getUTCDay() <= 5) return d.toISOString().slice(0, 10);
  }
}

// A dong no other spec uses, one per project.
const UNSUB_DONG = (js: boolean) => (js ? '1141055500' : '1141070000');

test('a resident told of an approved booking by e-mail stops such messages from its link, signed out', async ({ people }, info) => {
  test.setTimeout(scaled(120_000));
  const js = jsOn(info.project.name);
  const dong = UNSUB_DONG(js);
  const me = await people.signedIn(['--resident-of', dong, '--nth', '1']);
  await me.goto('/account');
  if (js) await hydrated(me);
  await me.locator('#email').fill(js ? 'e2e-unsub-on@example.kr' : 'e2e-unsub-off@example.kr');
  await me.getByRole('button', { name: '확인 링크 보내기' }).click();
  await expect(me.getByRole('status').filter({ hasText: '확인 링크를 보냈습니다' })).toBeVisible();
  await me.goto('/dev/outbox');
  const confirmation = await me.locator('pre.message-text').first().innerText();
  const link = confirmation.match(/\/account\/confirm\?t=[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, confirmation).toBeTruthy();
  await me.goto(link!);
  if (js) await hydrated(me);
  await me.getByRole('button', { name: '확인', exact: true }).click();
  await expect(me.getByRole('status').filter({ hasText: '확인했습니다' })).toBeVisible();
  await me.goto('/account');
  if (js) await hydrated(me);
  const bookings = me
    .locator('form.preference')
    .filter({ has: me.locator('input[name=topic][value=bookings]') })
    .filter({ has: me.locator('input[name=channel][value=email]') });
  await bookings.locator('select[name=frequency]').selectOption('at_once');
  await bookings.getByLabel('위 내용에 동의').check();
  await bookings.getByRole('button', { name: '저장' }).click();
  await expect(me.locator('#messages').getByText(/바로 · 동의한 날/)).toBeVisible();

  // a request for the screening room, which the center approves
  await me.goto(`/dongs/${dong}/spaces`);
  await me.getByRole('link', { name: '상영실' }).first().click();
  if (js) await hydrated(me);
  await me.getByLabel('날짜').fill(weekdayAhead());
  await me.getByLabel('시작').fill(js ? '10:00' : '11:00');
  await me.getByLabel('끝').fill(js ? '11:00' : '12:00');
  await me.getByLabel('무엇에 쓰나요').fill(js ? '알림 시험 상영 (켜짐)' : '알림 시험 상영 (꺼짐)');
  await me.getByLabel(/오는 사람 수/).fill('5');
  await me.getByRole('button', { name: '예약 신청' }).click();
  await expect(me.getByRole('status').filter({ hasText: '예약을 신청했습니다' })).toBeVisible();
  const clerk = await people.signedIn(['--staff-of', dong, '--nth', '1']);
  await clerk.goto(`/dongs/${dong}/spaces/console`);
  if (js) await hydrated(clerk);
  const card = clerk.locator('.card', { hasText: js ? '알림 시험 상영 (켜짐)' : '알림 시험 상영 (꺼짐)' });
  await card.getByRole('button', { name: '승인' }).click();
  await expect(clerk.locator('.card', { hasText: js ? '알림 시험 상영 (켜짐)' : '알림 시험 상영 (꺼짐)' })).toHaveCount(0);

  // the message (waiting through the quiet hours, or sent) carries the link that stops it
  await me.goto('/dev/outbox');
  const told = me.locator('article').filter({ hasText: '예약' }).filter({ hasText: '/unsubscribe?m=' }).first();
  const text = await told.locator('pre.message-text').innerText();
  const stop = text.match(/\/unsubscribe\?m=[^\s&]+&s=[0-9a-f]+/)?.[0];
  expect(stop, text).toBeTruthy();

  // anyone holding the link, signed in or not, sees what it stops and stops it, once
  const visitor = await people.page();
  await visitor.goto(stop!);
  if (js) await hydrated(visitor);
  await expect(visitor.getByText(/'내 공간 예약' 알림을 전자우편\(으\)로 그만 받으시겠어요/)).toBeVisible();
  await visitor.getByRole('button', { name: '그만 받기' }).click();
  await expect(visitor.getByRole('status').filter({ hasText: '보내지 않습니다' })).toBeVisible();
  await me.goto('/account');
  await expect(bookings.locator('select[name=frequency]')).toHaveValue('off');
});
