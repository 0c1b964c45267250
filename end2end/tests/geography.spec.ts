import { test, expect } from './fixtures';

test('home page lists the 25 districts in Korean, and in English after switching', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('우리 동네 일은 우리가 정해요');
  const cards = page.locator('#district-list .card');
  await expect(cards).toHaveCount(25);
  await expect(cards.filter({ hasText: '서대문구' })).toHaveCount(1);
  await expect(page.getByText('통계청 SGIS (공공누리 제1유형), vuski/admdongkor (CC BY 4.0)')).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Our neighbourhood, our decisions');
  await expect(cards.filter({ hasText: 'Seodaemun-gu' })).toHaveCount(1);

  // the choice is remembered on the next page
  await page.goto('/districts/1141000000');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seodaemun-gu');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('서대문구');
});

test('from a district to a dong and its center', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /서대문구/ }).click();
  await expect(page).toHaveURL(/\/districts\/1141000000$/);
  await expect(page.locator('.card')).toHaveCount(14);
  await page.getByRole('link', { name: '천연동' }).click();
  await expect(page).toHaveURL(/\/dongs\/1141052000$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('천연동');
  await expect(page.getByText('천연동 주민센터', { exact: true })).toBeVisible();
  await expect(page.getByText('평일 09:00–18:00')).toBeVisible();
  const crumbs = page.getByRole('navigation', { name: '현재 위치' });
  await expect(crumbs.getByRole('link', { name: '서대문구' })).toBeVisible();
});

test('skip link moves to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '본문 바로가기' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('unknown pages answer 404 with a way home', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('페이지를 찾을 수 없습니다');
  await page.getByRole('link', { name: '처음 화면으로' }).click();
  await expect(page.locator('#district-list .card')).toHaveCount(25);
});

test('easy mode is remembered and renders larger text', async ({ page }) => {
  await page.goto('/');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(await size()).toBe(17);
  await page.getByRole('button', { name: /큰 글씨 켜기/ }).click();
  await expect(page.locator('html')).toHaveClass(/easy/);
  expect(await size()).toBe(21);
  await page.getByRole('button', { name: /큰 글씨 끄기/ }).click();
  await expect(page.locator('html')).not.toHaveClass(/easy/);
});
