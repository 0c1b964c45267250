// Screenshots of booking (천연동's demo spaces): the center's day table (phone and laptop, Korean
// and English, easy mode), a space's week with the booking form as a resident, a booking, one's
// own bookings, and the staff console. Usage, with a server running demo data:
//   node scripts/booking-screenshots.mjs <base-url> <out-dir> <resident-code> <staff-code>
// (codes from `uri-dongne issue-code --resident-of 1141052000` and `--staff-of 1141052000`).
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', residentCode, staffCode] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const dong = '1141052000';
const tomorrow = new Date(Date.now() + 9 * 3600_000 + 86400_000).toISOString().slice(0, 10);

const anon = await context(browser, base);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) await shoot(anon, 'spaces', `/dongs/${dong}/spaces?day=${tomorrow}`, { lang, size });
}
await shoot(anon, 'spaces', `/dongs/${dong}/spaces?day=${tomorrow}`, { size: 'phone', easy: '1' });
const spaces = await (await fetch(`${base}/api/v1/dongs/${dong}/spaces`)).json();
const cafe = spaces.find((s) => s.kind === 'book_cafe');
if (residentCode) {
  const me = await context(browser, base, residentCode);
  await shoot(me, 'space', `/spaces/${cafe.id}?week=${tomorrow}&date=${tomorrow}&start=16:00&end=17:00#book`, { size: 'laptop' });
  await shoot(me, 'space', `/spaces/${cafe.id}?week=${tomorrow}&date=${tomorrow}&start=16:00&end=17:00#book`, { size: 'phone', lang: 'en' });
  await shoot(me, 'my-bookings', '/bookings', { size: 'laptop' });
}
if (staffCode) {
  const staff = await context(browser, base, staffCode);
  await shoot(staff, 'console', `/dongs/${dong}/spaces/console`, { size: 'laptop' });
  await shoot(staff, 'console', `/dongs/${dong}/spaces/console`, { size: 'phone', lang: 'en' });
  await shoot(staff, 'space-edit', `/spaces/${cafe.id}/edit`, { size: 'laptop' });
  await shoot(staff, 'booking', '/bookings/1', { size: 'laptop' });
}
await browser.close();
