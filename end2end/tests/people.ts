import { execFileSync } from 'node:child_process';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { limits } from '../timing';
import { navigationDone, type NavigationLog } from './navigations';

/** Runs the operator CLI against the e2e database; returns what it printed. */
export function cli(args: string[]): string {
  return execFileSync(process.env.E2E_BINARY_PATH!, args, {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL!, RUST_LOG: 'error' },
    encoding: 'utf8',
  });
}

/** A fresh one-time code (and the account number) of a person the CLI finds, e.g.
 *  `['--staff-of', dong, '--nth', '1']` or `['--resident-of', dong, '--nth', '3']`. */
export function issueCode(selector: string[]): { code: string; account: string } {
  const out = cli(['issue-code', ...selector]);
  const code = out.match(/code: (\S+)/);
  const account = out.match(/#(\d+)/);
  if (!code || !account) throw new Error(`no code in: ${out}`);
  return { code: code[1], account: account[1] };
}

export async function signInWithCode(page: Page, code: string, js: boolean) {
  await page.goto('/sign-in');
  if (js) await hydrated(page);
  await page.getByLabel(/로그인 코드/).fill(code);
  await page.locator('form:has(#code)').getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/** Waits until the page is interactive (the page script sets the flag once its islands run). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === '1', null, {
    timeout: limits.hydration,
  });
}

/** Waits until every form sent in the background has its answer on screen (the page script
 *  marks `<html data-sending>` meanwhile): a confirmation still showing from the previous
 *  submission is not this one's. */
export async function settled(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.sending === undefined, null, {
    timeout: limits.navigation,
  });
}

/** What a test keeps of its extra pages: the pages (closed when it ends), their console errors,
 *  and how their navigations went. */
export type Watch = { pages: Page[]; errors: string[]; navigations: NavigationLog };

/** A page in a browser context of its own, watched by `watch`. */
export async function newPage(browser: Browser, js: boolean, watch: Watch): Promise<Page> {
  const { errors, navigations } = watch;
  const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'ko-KR' });
  const page = await ctx.newPage();
  watch.pages.push(page);
  navigations.watchPerson(page);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !(/status of 4\d\d/.test(m.text()) && m.location().url.includes('/sf/'))) {
      errors.push(m.text());
    }
  });
  return page;
}

/** Opens `path` once the page's previous navigation has ended (see `navigationDone`) and, with
 *  JavaScript, waits until the page has hydrated. */
export async function open(page: Page, path: string, js: boolean) {
  await navigationDone(page);
  await page.goto(path);
  if (js) await hydrated(page);
}

/** A fresh browser signed in with a new code of the person `selector` names (see `issueCode`). */
export async function signedInPage(browser: Browser, js: boolean, selector: string[], watch: Watch): Promise<Page> {
  const page = await newPage(browser, js, watch);
  await signInWithCode(page, issueCode(selector).code, js);
  return page;
}

/** Opens a folded form (a `<details>` panel whose summary reads `summary`) unless it is open. */
export async function openPanel(scope: Page | Locator, summary: string) {
  const details = scope.locator('details').filter({ has: scope.getByText(summary, { exact: true }) }).first();
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

/** A staff member of `dong` (the `nth`), made expert of `district` too, signed in in a fresh
 *  browser. The grant is idempotent across retries: an earlier attempt may have made it. */
export async function expertPage(
  browser: Browser,
  js: boolean,
  dong: string,
  nth: number,
  district: string,
  watch: Watch,
): Promise<Page> {
  const { account } = issueCode(['--staff-of', dong, '--nth', String(nth)]);
  try {
    cli(['grant', '--user', account, '--role', 'expert', '--scope', district]);
  } catch {
    // granted by an earlier attempt
  }
  // a grant ends every code printed before it: the code to sign in with comes after it
  const { code } = issueCode(['--staff-of', dong, '--nth', String(nth)]);
  const page = await newPage(browser, js, watch);
  await signInWithCode(page, code, js);
  return page;
}
