// Screenshots of proposal photos: the edit page's photo section and the proposal page's gallery,
// at phone and laptop sizes, in Korean and English, and in easy mode. Usage, with a server
// running demo data:
//   node scripts/images-screenshots.mjs <base-url> <out-dir> <resident-code>
// (a code from `uri-dongne issue-code --resident-of 1141052000`). It writes a draft with one
// photo as that resident.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', code] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const browser = await launch();
const ctx = await context(browser, base, code);
const shot = shooter(base, out);
const page = await ctx.newPage();

// a draft with a photo
await page.goto(base + '/dongs/1141052000/proposals/new');
await page.getByLabel('제목').fill('골목 화단을 함께 가꿔요');
await page.getByLabel('어떤 문제인가요').fill('골목 화단이 방치되어 쓰레기가 쌓입니다.');
await page.getByLabel('어떻게 해결하면 좋을까요').fill('주민모임이 화단을 맡아 꽃을 심고 돌봅니다.');
await page.getByRole('button', { name: '초안 저장' }).click();
await page.waitForURL(/\/proposals\/\d+$/);
const proposal = new URL(page.url()).pathname;
await page.goto(base + proposal + '/edit');
await page.getByLabel('사진 파일').setInputFiles(path.join(here, '..', 'tests', 'assets', 'garden.png'));
await page.getByLabel('사진 설명 (선택)').fill('쓰레기가 쌓인 골목 화단');
await page.getByRole('button', { name: '사진 올리기' }).click();
await page.waitForURL(/image_added=1/);

const shoot = (name, p, opts) => shot(ctx, name, p, opts);

for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) {
    await shoot('proposal-photos', proposal, { lang, size });
    await shoot('edit-photos', `${proposal}/edit?image_added=1`, { lang, size });
  }
}
await shoot('edit-photos-error', `${proposal}/edit?image_error=type`, { size: 'phone' });
await shoot('proposal-photos', proposal, { size: 'phone', easy: '1' });
await browser.close();
