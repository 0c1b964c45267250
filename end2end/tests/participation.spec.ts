import type { Page } from '@playwright/test';
import path from 'node:path';
import { test, expect, hydrated, jsOn, type People } from './fixtures';
import { scaled } from '../timing';
import { open } from './people';

// Groups and proposals, with and without JavaScript. Each project works in a dong of its own
// (and signs in as different demo residents), so the two runs never spend each other's codes.
// The steps build on each other: serial.
test.describe.configure({ mode: 'serial' });

const DISTRICT = '1141000000';
const dongOf = (js: boolean) => (js ? { code: '1141056500', ko: '충현동' } : { code: '1141058500', ko: '신촌동' });


/** Signs in the n-th verified demo resident of the project's dong in a fresh browser. */
function residentPage(people: People, js: boolean, nth: number): Promise<Page> {
  return people.signedIn(['--resident-of', dongOf(js).code, '--nth', String(nth)]);
}

/** The project's expert: the dong's first staff member, made expert of the district too. */
const signInExpert = (people: People, js: boolean) =>
  people.expert(dongOf(js).code, 1, DISTRICT);

let proposalUrl = '';
const title = (js: boolean) => (js ? '충현동 골목 화단 가꾸기' : '신촌동 공유 자전거 보관대');
const commentText = (js: boolean) => (js ? '저도 화단을 함께 돌보고 싶어요' : '보관대 위치를 역 앞으로 하면 좋겠어요');

test('a verified resident starts a group and another resident joins it', async ({ people }, info) => {
  test.setTimeout(scaled(90_000));
  const js = jsOn(info.project.name);
  const dong = dongOf(js);
  const founder = await residentPage(people, js, 1);
  await open(founder, `/dongs/${dong.code}/groups`, js);
  await founder.getByRole('link', { name: '모임 만들기' }).click();
  await expect(founder.getByRole('heading', { level: 1 })).toContainText('모임 만들기');
  if (js) await hydrated(founder);
  const name = js ? '충현동 산책 모임' : '신촌동 그림책 모임';
  await founder.getByLabel('모임 이름').fill(name);
  await founder.getByLabel('모임 목적').fill('함께 걷고 동네 소식을 나누는 모임입니다.');
  await founder.getByLabel('분야').selectOption('culture_learning');
  await founder.getByRole('button', { name: '모임 만들기' }).click();
  await expect(founder).toHaveURL(/\/groups\/\d+$/);
  await expect(founder.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(founder.getByText('이 모임의 모임지기입니다')).toBeVisible();
  const groupUrl = new URL(founder.url()).pathname;

  const neighbour = await residentPage(people, js, 2);
  await open(neighbour, groupUrl, js);
  await expect(neighbour.getByText('회원 1명')).toBeVisible();
  await neighbour.getByRole('button', { name: '가입하기' }).click();
  await expect(neighbour.getByText('이 모임의 회원입니다')).toBeVisible();
  await expect(neighbour.getByText('회원 2명')).toBeVisible();
  // members see each other
  await expect(neighbour.getByRole('heading', { name: /회원 \(회원에게만 보입니다\)/ })).toBeVisible();
});

test('a proposal is published and supported to the threshold, and becomes eligible', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  const dong = dongOf(js);

  // the expert lowers the dong's threshold to 3 for this run
  const expert = await signInExpert(people, js);
  await open(expert, `/expert/${DISTRICT}`, js);
  const row = expert.getByRole('row', { name: new RegExp(dong.ko) });
  await row.getByRole('spinbutton').fill('3');
  // wait for the save itself: the field shows 3 before it lands
  const saved = expert.waitForResponse((r) => r.url().includes('/sf/settings/support_threshold'));
  await row.getByRole('button', { name: '저장' }).click();
  await saved;
  await open(expert, `/expert/${DISTRICT}`, js);
  await expect(expert.getByRole('row', { name: new RegExp(dong.ko) }).getByRole('spinbutton')).toHaveValue('3');

  const author = await residentPage(people, js, 1);
  await open(author, `/dongs/${dong.code}/proposals`, js);
  await author.getByRole('link', { name: '제안하기' }).click();
  await expect(author.getByRole('heading', { level: 1 })).toContainText('제안하기');
  if (js) await hydrated(author);
  await author.getByLabel('제목').fill(title(js));
  await author.getByLabel('어떤 문제인가요').fill('골목 화단이 방치되어 쓰레기가 쌓입니다.');
  await author.getByLabel('어떻게 해결하면 좋을까요').fill('주민모임이 화단을 맡아 꽃을 심고 돌봅니다.');
  await author.getByLabel('분야', { exact: true }).selectOption('environment_energy');
  await author.getByLabel(/예상 비용/).fill('450,000');
  await author.getByRole('button', { name: '초안 저장' }).click();
  await expect(author).toHaveURL(/\/proposals\/\d+$/);
  proposalUrl = new URL(author.url()).pathname;
  await expect(author.getByText('아직 나만 볼 수 있는 초안입니다')).toBeVisible();
  await expect(author.getByText('450,000원')).toBeVisible();

  // a photo, through the edit page's upload form (a plain multipart post, with JS or without)
  await author.getByRole('link', { name: '고치기 · 사진 올리기' }).click();
  await expect(author.getByRole('heading', { name: '사진 (0/5)' })).toBeVisible();
  await author.getByLabel('사진 파일').setInputFiles(path.join(__dirname, 'assets', 'garden.png'));
  await author.getByLabel('사진 설명 (선택)').fill('쓰레기가 쌓인 골목 화단');
  await author.getByRole('button', { name: '사진 올리기' }).click();
  await expect(author.getByRole('status').filter({ hasText: '사진을 올렸습니다' })).toBeVisible();
  await expect(author.getByRole('heading', { name: '사진 (1/5)' })).toBeVisible();
  await expect(author.getByRole('img', { name: '쓰레기가 쌓인 골목 화단' })).toBeVisible();
  await open(author, proposalUrl, js);
  const photo = author.getByRole('img', { name: '쓰레기가 쌓인 골목 화단' });
  await expect(photo).toBeVisible();
  // the browser decoded it: served as the PNG it is
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);

  if (js) await hydrated(author);
  await author.getByRole('button', { name: '공개하기' }).click();
  await expect(author.locator('.timeline')).toContainText('공개');
  await expect(author.getByText('공감 0 / 3명')).toBeVisible();

  for (const nth of [3, 4, 5]) {
    const supporter = await residentPage(people, js, nth);
    await open(supporter, proposalUrl, js);
    await supporter.getByRole('button', { name: '공감하기' }).click();
    // the page reloads the proposal after the support (two server round trips): more room than
    // a plain expectation
    await expect(supporter.getByRole('button', { name: '공감 취소' })).toBeVisible({ timeout: scaled(30_000) });
    await supporter.context().close();
  }
  await open(author, proposalUrl, js);
  await expect(author.getByText('공감 3 / 3명')).toBeVisible();
  await expect(author.locator('.proposal .badge').first()).toHaveText('총회 상정 가능');
  await expect(author.locator('.timeline')).toContainText('공감 기준 도달');
  // the author was notified
  await open(author, '/notifications', js);
  await expect(author.getByText('제안이 공감 기준을 넘어')).toBeVisible();
});

test('the dong\'s search box finds the proposal by a two-syllable word inside a longer one', async ({ page }, info) => {
  const js = jsOn(info.project.name);
  const dong = dongOf(js);
  // 화단 in 충현동 골목 화단 가꾸기; 보관 in 신촌동 공유 자전거 보관대 (inside 보관대)
  const word = js ? '화단' : '보관';
  await open(page, `/dongs/${dong.code}`, js);
  await page.getByLabel('우리 동네에서 찾기').fill(word);
  await page.getByRole('button', { name: '찾기' }).click();
  await expect(page).toHaveURL(new RegExp(`/dongs/${dong.code}/search\\?q=`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`‘${word}’ 검색 결과`);
  await expect(page.getByRole('link', { name: title(js) })).toBeVisible();
  await page.getByRole('link', { name: '제안 목록에서 모두 보기' }).click();
  await expect(page.locator('#proposal-list').getByRole('link', { name: title(js) })).toBeVisible();
  await expect(page.getByLabel('정렬')).toHaveValue('relevance');
});

test('a comment reported by three residents is hidden, and the expert restores it', async ({ people }, info) => {
  test.setTimeout(scaled(150_000));
  const js = jsOn(info.project.name);
  expect(proposalUrl, 'the previous test made the proposal').not.toBe('');

  const writer = await residentPage(people, js, 2);
  await open(writer, proposalUrl, js);
  await writer.getByLabel('댓글 쓰기').fill(commentText(js));
  await writer.getByRole('button', { name: '댓글 남기기' }).click();
  await expect(writer.locator('.comment').filter({ hasText: commentText(js) })).toBeVisible();

  for (const nth of [6, 7, 8]) {
    const reporter = await residentPage(people, js, nth);
    await open(reporter, proposalUrl, js);
    const comment = reporter.locator('.comment').filter({ hasText: commentText(js) });
    await comment.getByText('신고', { exact: true }).click();
    await comment.getByLabel('신고 이유').selectOption('offensive');
    const sent = reporter.waitForResponse((r) => r.url().includes('/sf/report'));
    await comment.getByRole('button', { name: '신고하기' }).click();
    await sent;
    // back on the proposal, with the confirmation (in place with JavaScript)
    await expect(reporter.getByRole('status').filter({ hasText: '신고했습니다' })).toBeVisible();
    await expect(reporter).toHaveURL(new RegExp(`${proposalUrl}(\\?__done=[^&]*)?$`));
    await reporter.context().close();
  }
  await open(writer, proposalUrl, js);
  await expect(writer.getByText('검토를 기다리는 동안 가려졌습니다')).toBeVisible();
  await expect(writer.getByText(commentText(js))).toHaveCount(0);

  const expert = await signInExpert(people, js);
  await open(expert, `/expert/${DISTRICT}`, js);
  const item = expert.locator('.queue-item').filter({ hasText: commentText(js) });
  await expect(item).toContainText('모욕');
  const reason = '검토 결과 운영 원칙에 어긋나지 않습니다';
  await item.getByLabel(/공개 사유/).fill(reason);
  await item.getByRole('button', { name: '복원하기' }).click();
  await expect(expert.locator('.queue-item').filter({ hasText: commentText(js) })).toHaveCount(0);

  await open(writer, proposalUrl, js);
  await expect(writer.getByText(commentText(js))).toBeVisible();
  await expect(writer.getByText(`검토 후 복원됨: ${reason}`)).toBeVisible();
});
