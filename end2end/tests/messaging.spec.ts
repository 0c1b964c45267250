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
  const row = page.locator('form.preference').filter({ has: page.locator('input[name=topic][value=assemblies]') });
  await row.locator('select[name=frequency]').selectOption('daily');
  await row.getByLabel('위 내용에 동의').check();
  await row.getByRole('button', { name: '저장' }).click();
  await expect(page.locator('#messages').getByText(/매일 아침 7시에 모아서 · 동의한 날/)).toBeVisible();
});
