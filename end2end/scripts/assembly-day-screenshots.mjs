// Screenshots of an assembly's day (Cheonyeon-dong's demo assemblies: #1 closed with results,
// #2 open): results (with how the paper ballots were counted), the live count, the printable
// notice (screen and print), and the door as staff. Usage, with a server running demo data:
//   node scripts/assembly-day-screenshots.mjs <base-url> <out-dir> <staff-code>
// (a code from `uri-dongne issue-code --staff-of 1141052000`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', staffCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);

const anon = await context(browser, base);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) await shoot(anon, 'results', '/assemblies/1/results', { lang, size });
}
await shoot(anon, 'assembly-closed', '/assemblies/1', { size: 'laptop' });
// a project the participatory budget funded: the amount the assembly gave it
const fund = await anon.newPage();
await fund.goto(base + '/dongs/1141052000/fund');
const project = await fund.getByRole('link', { name: /작은도서관/ }).first().getAttribute('href');
await fund.close();
if (project) {
  for (const lang of ['ko', 'en']) await shoot(anon, 'pb-project', project, { lang, size: 'phone' });
}
await shoot(anon, 'live', '/assemblies/2/live', { size: 'laptop' });
await shoot(anon, 'notice', '/assemblies/2/notice', { size: 'laptop' });
await shoot(anon, 'notice', '/assemblies/2/notice', { size: 'laptop', print: true });
await shoot(anon, 'notice', '/assemblies/2/notice', { size: 'laptop', lang: 'en', print: true });
if (staffCode) {
  const staff = await context(browser, base, staffCode);
  await shoot(staff, 'door', '/assemblies/1/door?name=%EA%B9%80', { size: 'laptop' });
  // the paper tallies' record (a correction, a second person's confirmation)
  for (const size of ['phone', 'laptop']) {
    for (const lang of ['ko', 'en']) await shoot(staff, 'door-trail', '/assemblies/1/door#paper-heading', { lang, size });
  }
}
await browser.close();
