// The pages issue 40 changed: the staff's residents page (codes only for counter accounts, a
// recovery request waiting for a second member of staff), the account page ("I moved out"), the
// administrators' roles page (a welfare role proposed, waiting for a second administrator).
// Usage: node scripts/duties-screenshots.mjs <base> <staff A code> <staff B code> <admin code>
//        <second admin code> <resident code> <online account number> <grantee account number> [out]
// (codes from `uri-dongne issue-code`; the online account is a resident of Cheonyeon-dong with a
// token, the grantee anyone without a role.)
import { launch, context, shooter } from './lib.mjs';

const [base, staffA, staffB, admin, admin2, resident, online, grantee, out = '/tmp/shots/duties'] =
  process.argv.slice(2);
const DONG = '1141052000';
const browser = await launch();
const shoot = shooter(base, out);

/** A server function called as the enhanced form calls it, in `ctx`'s session. */
async function call(ctx, endpoint, form) {
  const res = await ctx.request.post(`${base}/sf/${endpoint}`, { form, headers: { Origin: base } });
  console.log(`${endpoint}: ${res.status()}`);
}

const a = await context(browser, base, staffA);
await call(a, 'staff/recovery/request', { user_id: online });
const b = await context(browser, base, staffB);
for (const lang of ['ko', 'en']) {
  for (const size of ['laptop', 'phone']) await shoot(b, 'staff-recovery', `/staff/${DONG}`, { lang, size });
}
await shoot(a, 'staff-recovery-requester', `/staff/${DONG}`, { lang: 'ko', size: 'laptop' });

const r = await context(browser, base, resident);
for (const lang of ['ko', 'en']) await shoot(r, 'account', '/account', { lang, size: 'phone' });

const one = await context(browser, base, admin);
await call(one, 'admin/propose', { account: grantee, role: 'welfare_officer', scope_code: DONG });
const two = await context(browser, base, admin2);
for (const lang of ['ko', 'en']) {
  await shoot(two, 'admin-roles', '/admin/roles', { lang, size: 'laptop' });
  await shoot(one, 'admin-roles-proposer', '/admin/roles', { lang, size: 'phone' });
}
await browser.close();
