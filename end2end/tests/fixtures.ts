import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { NavigationLog } from './navigations';
import { expertPage, hydrated, newPage, signedInPage } from './people';
import { ServerLog } from './server-log';

/** The people of a test beyond its own `page`: each in a browser context of its own, with
 *  JavaScript as the project runs, closed when the test ends; their console errors fail the test
 *  too. */
export type People = {
  /** An anonymous visitor. */
  page(): Promise<Page>;
  /** Someone signed in with a fresh code of the person `selector` names (see `issueCode`). */
  signedIn(selector: string[]): Promise<Page>;
  /** The `nth` staff member of `dong`, made expert of `district` too, signed in. */
  expert(dong: string, nth: number, district: string): Promise<Page>;
};

export const test = base.extend<{ navigations: NavigationLog; consoleErrors: string[]; people: People }>({
  // how every page of the test navigated, and what the server warned of meanwhile, printed if
  // the test fails (see navigations.ts and server-log.ts)
  navigations: [
    async ({ page }, use, info) => {
      const log = new NavigationLog();
      const server = new ServerLog();
      log.watch(page, 'page');
      await use(log);
      if (info.status !== info.expectedStatus) {
        for (const [name, body] of [['navigations', log.text()], ['server warnings', server.text()]]) {
          console.log(`${name} of "${info.title}" [${info.project.name}]:\n${body}`);
          await info.attach(name, { body, contentType: 'text/plain' });
        }
      }
    },
    { auto: true },
  ],
  // pages fail the test on any console error or uncaught exception (a CSP violation, a failed
  // hydration and a panic in the wasm all show up there)
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // a page that answers 404 on purpose: the browser logs the document's own status
        if (m.text().startsWith('Failed to load resource') && m.location().url === page.url()) return;
        // a server function refusing input (422, 429, 409…) is an answer the page shows
        if (/status of 4\d\d/.test(m.text()) && m.location().url.includes('/sf/')) return;
        errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
  people: async ({ browser, navigations }, use, info) => {
    const js = jsOn(info.project.name);
    const watch = { pages: [] as Page[], errors: [] as string[], navigations };
    await use({
      page: () => newPage(browser, js, watch),
      signedIn: (selector) => signedInPage(browser, js, selector, watch),
      expert: (dong, nth, district) => expertPage(browser, js, dong, nth, district, watch),
    });
    // their browsers close with the test (a test may have closed some itself)
    await Promise.all(watch.pages.map((p) => p.context().close().catch(() => {})));
    expect(watch.errors, 'console errors of extra pages').toEqual([]);
  },
});

export { expect, hydrated };

export const jsOn = (projectName: string) => projectName === 'js-on';
