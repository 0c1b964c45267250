import { test, expect, jsOn, hydrated } from './fixtures';

// The home page's district filter: narrowed as you type when hydrated, by a form submission
// rendered on the server when not.

test('with JavaScript the list narrows as you type, without a page load', async ({ page }, info) => {
  test.skip(!jsOn(info.project.name), 'hydrated behaviour');
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await page.getByLabel('자치구 찾기').fill('서대문');
  await expect(page.locator('#district-list .card')).toHaveCount(1);
  await expect(page.getByRole('status')).toHaveText('25개 중 1개 자치구');
  await page.getByLabel('자치구 찾기').fill('없는구');
  await expect(page.getByText('찾는 자치구가 없습니다')).toBeVisible();
  await page.getByLabel('자치구 찾기').fill('');
  await expect(page.locator('#district-list .card')).toHaveCount(25);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  expect(new URL(page.url()).search).toBe('');
});

test('without JavaScript the form asks the server', async ({ page }, info) => {
  test.skip(jsOn(info.project.name), 'server-rendered behaviour');
  await page.goto('/');
  await page.getByLabel('자치구 찾기').fill('seodaemun');
  await page.getByRole('button', { name: '찾기' }).click();
  await expect(page).toHaveURL(/\?q=seodaemun$/);
  await expect(page.locator('#district-list .card')).toHaveCount(1);
  await expect(page.getByLabel('자치구 찾기')).toHaveValue('seodaemun');
});
