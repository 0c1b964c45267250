// Screenshots of the assembly pages (Cheonyeon-dong's demo assembly): the list, the page as a
// visitor, as a verified resident with ballots, and as center staff with the running panel, at
// phone and laptop sizes, in Korean and English. Usage, with a server running demo data:
//   node scripts/assemblies-screenshots.mjs <base-url> <out-dir> <resident-code> <staff-code>
// (codes from `uri-dongne issue-code --resident-of 1141052000` and `--staff-of 1141052000`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', residentCode, staffCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);

const anon = await context(browser, base);
await shoot(anon, 'assemblies', '/dongs/1141052000/assemblies', { size: 'laptop' });
await shoot(anon, 'assembly-visitor', '/assemblies/1', { size: 'laptop', lang: 'en' });
if (residentCode) {
  const resident = await context(browser, base, residentCode);
  for (const size of ['phone', 'laptop']) {
    for (const lang of ['ko', 'en']) await shoot(resident, 'assembly-resident', '/assemblies/1', { lang, size });
  }
  await shoot(resident, 'assembly-resident', '/assemblies/1', { size: 'phone', easy: '1' });
}
if (staffCode) {
  const staff = await context(browser, base, staffCode);
  await shoot(staff, 'assembly-staff', '/assemblies/1', { size: 'laptop' });
  await shoot(staff, 'assembly-new', '/dongs/1141052000/assemblies/new', { size: 'phone' });
}
await browser.close();
