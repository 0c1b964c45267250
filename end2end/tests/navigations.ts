import type { Page, Request } from '@playwright/test';
import { expect } from '@playwright/test';
import { limits } from '../timing';

/** How the navigations of a test's pages went, printed when the test fails.
 *
 *  Issue 14: once, on a slow machine, `page.goto('/bookings/175')` failed with
 *  `net::ERR_ABORTED` with JavaScript off, and nothing the run kept could say why. Chromium aborts
 *  a document request for few reasons — another navigation of the frame started first, the answer
 *  was 204/205 or a download — and which one it was shows in the order of events: whether the
 *  request got an answer (its status, type and disposition) before it failed, and what the frame
 *  did meanwhile. This log keeps exactly that for every page of a test, main frames only, plus any
 *  other request that failed or was refused (a console's "Failed to load resource" names no URL),
 *  so the next failure names its cause.
 *
 *  What it found: the message is exactly what Chromium gives when the page's own form submission
 *  is still unanswered as `goto` starts — the POST's answer takes the frame and the `goto` is
 *  aborted (scripts/aborted-navigation.mjs). `open` therefore waits for that answer first
 *  (`navigationDone`). */
export class NavigationLog {
  private readonly lines: string[] = [];
  private readonly start = Date.now();
  private people = 0;

  /** Records the navigations of the next extra person's page, as "person 1", "person 2"… */
  watchPerson(page: Page) {
    this.watch(page, `person ${++this.people}`);
  }

  /** Records `page`'s navigations under the name `who`. */
  watch(page: Page, who: string) {
    trackNavigation(page);
    const isNavigation = (r: Request) => isMainNavigation(page, r);
    page.on('request', (r) => {
      if (isNavigation(r)) this.add(who, `→ ${r.method()} ${pathOf(r.url())}`);
    });
    page.on('response', (r) => {
      const navigation = isNavigation(r.request());
      // other answers only when refused or failed: those are the console's "Failed to load resource"
      if (!navigation && r.status() < 400) return;
      const h = r.headers();
      const disposition = h['content-disposition'] ? ` disposition=${h['content-disposition']}` : '';
      const kind = navigation ? '' : `${r.request().resourceType()} `;
      this.add(who, `← ${kind}${r.status()} ${r.request().method()} ${pathOf(r.url())} type=${h['content-type'] ?? '-'}${disposition}`);
    });
    page.on('requestfailed', (r) => {
      const kind = isNavigation(r) ? 'navigation' : r.resourceType();
      this.add(who, `✗ ${kind} ${r.method()} ${pathOf(r.url())}: ${r.failure()?.errorText ?? '?'}`);
    });
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) this.add(who, `= at ${pathOf(f.url())}`);
    });
    page.on('load', () => this.add(who, 'load'));
  }

  /** The log, oldest first. */
  text(): string {
    return this.lines.join('\n');
  }

  private add(who: string, what: string) {
    const at = ((Date.now() - this.start) / 1000).toFixed(2).padStart(7);
    this.lines.push(`${at}s ${who}: ${what}`);
  }
}

/** Whether `r` loads a document into `page`'s main frame. */
function isMainNavigation(page: Page, r: Request): boolean {
  return r.isNavigationRequest() && r.frame() === page.mainFrame();
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return (u.pathname + u.search).slice(0, 160);
  } catch {
    return url.slice(0, 160);
  }
}

/** The main-frame navigation of each watched page that has not ended yet: set when its request
 *  goes out (again for each redirect), cleared when the frame shows the answer, or when the request
 *  fails or ends without a document (204, a download). */
const pending = new WeakMap<Page, Request | null>();

function trackNavigation(page: Page) {
  if (pending.has(page)) return;
  pending.set(page, null);
  const end = (r: Request) => {
    if (pending.get(page) === r) pending.set(page, null);
  };
  page.on('request', (r) => {
    if (isMainNavigation(page, r)) pending.set(page, r);
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) pending.set(page, null);
  });
  page.on('requestfailed', end);
  page.on('requestfinished', async (r) => {
    const status = (await r.response().catch(() => null))?.status() ?? 0;
    if (status < 300 || status >= 400) end(r);
  });
}

/** Waits until the navigation `page` has on its way, if any, has ended: with JavaScript off a
 *  submitted form is one, and opening another page before its answer came makes Chromium abort
 *  the new page (the answer wins). */
export async function navigationDone(page: Page) {
  await expect
    .poll(() => pending.get(page) != null, { timeout: limits.navigation, message: 'the previous navigation to end' })
    .toBe(false);
}
