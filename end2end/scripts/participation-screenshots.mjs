// Screenshots of the participation pages (proposal list and page, group page, expert workspace,
// notifications) at phone and laptop sizes in Korean and English. Usage, with a server running
// demo data:
//   node scripts/participation-screenshots.mjs <base-url> <out-dir> <resident-code> <expert-code>
// (codes from `uri-dongne issue-code --resident-of 1141052000` and `--expert-of 1141000000`.)
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', residentCode, expertCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);

const anon = await context(browser, base);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) {
    await shoot(anon, 'proposals', '/dongs/1141052000/proposals', { lang, size });
  }
}
await shoot(anon, 'district-groups', '/districts/1141000000/groups', { size: 'laptop' });
await shoot(anon, 'proposals-easy', '/dongs/1141052000/proposals', { size: 'phone', easy: '1' });
if (residentCode) {
  const resident = await context(browser, base, residentCode);
  await shoot(resident, 'proposal', '/proposals/2', { size: 'laptop' });
  await shoot(resident, 'proposal', '/proposals/2', { size: 'phone', lang: 'en' });
  await shoot(resident, 'group', '/groups/1', { size: 'laptop' });
  await shoot(resident, 'new-proposal', '/dongs/1141052000/proposals/new', { size: 'phone' });
}
if (expertCode) {
  const expert = await context(browser, base, expertCode);
  await shoot(expert, 'expert', '/expert/1141000000', { size: 'laptop' });
  await shoot(expert, 'expert', '/expert/1141000000', { size: 'phone', lang: 'en' });
}
await browser.close();
