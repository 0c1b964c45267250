// Every time limit of the e2e suite comes from here, scaled by one setting: E2E_TIME_SCALE
// (default 1; 2 when CI is set). A limit is a ceiling, never a wait: each step waits for a state
// the user would see (a heading, a URL, the page's `data-hydrated` flag), so a passing run takes
// as long as the pages need and a slower machine only needs a larger scale.
const fromEnv = Number(process.env.E2E_TIME_SCALE);
export const TIME_SCALE = Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : process.env.CI ? 2 : 1;

/** `ms` scaled for this machine. */
export const scaled = (ms: number) => Math.round(ms * TIME_SCALE);

/** The limits the config and the helpers share. */
export const limits = {
  /** one test, unless it sets its own (`test.setTimeout(scaled(…))`) */
  test: scaled(60_000),
  /** one `expect(…)` condition to become true */
  expect: scaled(15_000),
  /** one click, fill or other action */
  action: scaled(15_000),
  /** one page load, to its `load` event */
  navigation: scaled(30_000),
  /** a page's wasm to take over after it loaded */
  hydration: scaled(30_000),
  /** a web server of the suite to become ready */
  server: scaled(120_000),
};
