// Screenshots of a dong's search (천연동's demo data): a query that finds every kind, one that
// finds nothing, the empty form, the proposal list searched by relevance, and the dong page's
// search box. Usage, with a server running demo data:
//   node scripts/search-screenshots.mjs <base-url> <out-dir>
import { context, launch, shooter } from './lib.mjs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots'] = process.argv.slice(2);
const browser = await launch();
const shoot = shooter(base, out);
const dong = '1141052000';
const q = (s) => encodeURIComponent(s);

const anon = await context(browser, base);
for (const size of ['phone', 'laptop']) {
  for (const lang of ['ko', 'en']) await shoot(anon, 'search', `/dongs/${dong}/search?q=${q('공원')}`, { lang, size });
}
await shoot(anon, 'search-fund', `/dongs/${dong}/search?q=${q('사용료')}`, { size: 'laptop' });
await shoot(anon, 'search', `/dongs/${dong}/search?q=${q('공원')}`, { size: 'phone', easy: '1' });
await shoot(anon, 'search-none', `/dongs/${dong}/search?q=${q('없는낱말')}`, { size: 'phone' });
await shoot(anon, 'search-empty', `/dongs/${dong}/search`, { size: 'phone', lang: 'en' });
await shoot(anon, 'proposals-searched', `/dongs/${dong}/proposals?q=${q('놀이터')}`, { size: 'laptop' });
await shoot(anon, 'dong', `/dongs/${dong}`, { size: 'phone' });
await browser.close();
