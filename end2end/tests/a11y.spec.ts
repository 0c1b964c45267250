import AxeBuilder from '@axe-core/playwright';
import { test, expect, jsOn } from './fixtures';

for (const path of [
  '/',
  '/districts/1141000000',
  '/dongs/1141052000',
  '/dongs/1141052000/proposals',
  '/districts/1141000000/groups',
  '/proposals/1',
  '/groups/1',
  '/dongs/1141052000/assemblies',
  '/assemblies/1',
  '/assemblies/1/results',
  '/assemblies/2',
  '/assemblies/2/live',
  '/assemblies/2/notice',
  '/dongs/1141052000/fund',
  '/dongs/1141052000/fund/statements/2026-11',
  '/fund/projects/1',
  '/dongs/1141052000/spaces',
  '/spaces/1',
  '/developers',
  '/sign-in',
  '/welfare/refer',
  '/welfare/refer?dong=1141061500',
  '/welfare/status',
  '/dongs/1141061500',
  '/no/such/page',
]) {
  test(`no serious accessibility violations on ${path}`, async ({ page }, info) => {
    // axe runs as a script in the page; the markup is the same server-rendered HTML either way
    test.skip(!jsOn(info.project.name), 'axe needs JavaScript in the page');
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
