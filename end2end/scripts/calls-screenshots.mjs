// Screenshots of the center's call list (issue 42): the demo's oldest resident of the dong asked
// to be told by a visit and has two things waiting; a message that could not be delivered is
// shown beside them when there is one. Phone and laptop, Korean and English, and as printed.
// Usage, with a development server running demo data:
//   node scripts/calls-screenshots.mjs <base-url> <out-dir> <staff-code> <dong>
// (the code from `uri-dongne issue-code --staff-of <dong>`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', code, dong = '1141052000'] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const staff = await context(browser, base, code);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) {
    await shoot(staff, 'calls', `/staff/${dong}/calls`, { lang, size });
  }
}
await shoot(staff, 'calls', `/staff/${dong}/calls`, { size: 'laptop', print: true });
await browser.close();
