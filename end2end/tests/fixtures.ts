import { test as base, expect } from '@playwright/test';
import { limits } from '../timing';

/** Pages fail the test on any console error or uncaught exception (a CSP violation, a failed
 *  hydration and a panic in the wasm all show up there). */
export const test = base.extend<{ consoleErrors: string[] }>({
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
});

export { expect };

export const jsOn = (projectName: string) => projectName === 'js-on';

/** Waits until the page has hydrated (the wasm has taken over: `frontend` sets the flag). */
export async function hydrated(page: import('@playwright/test').Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === '1', null, {
    timeout: limits.hydration,
  });
}
