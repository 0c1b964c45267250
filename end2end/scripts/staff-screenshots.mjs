// The staff's residents page (`/staff/:dong`), where a resident who holds a role is marked and
// offered no sign-in code. Usage: node scripts/staff-screenshots.mjs <base> <staff code> [out]
import { launch, context, shooter } from './lib.mjs';

const [base, code, out = '/tmp/shots/staff'] = process.argv.slice(2);
const browser = await launch();
const ctx = await context(browser, base, code);
const shoot = shooter(base, out);
for (const lang of ['ko', 'en']) {
  for (const size of ['laptop', 'phone']) {
    await shoot(ctx, 'staff-residents', '/staff/1141052000', { lang, size });
  }
}
await browser.close();
