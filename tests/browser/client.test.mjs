// Browser tests of js/session-security.js against a fake of the module
// (tests/browser/helpers.mjs), with WarnAfter 2 s and ExpireAfter 4 s: only
// what needs a fake (a failing ping, settings the harness does not serve);
// everything else runs against the real httpd in httpd.test.mjs.
// Run: node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, watch, fakeServer, sleep, dialog, waitOpen,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// One fake server and one browser context (= one browser profile) per test;
// fails the test on any uncaught page error or CSP violation.
async function setup(t, opts) {
  const srv = await fakeServer(opts);
  const ctx = await browser.newContext();
  const problems = [];
  const open = async (p = '/page') => {
    const page = watch(await ctx.newPage(), problems);
    await page.goto(srv.base + p);
    return page;
  };
  t.after(async () => {
    await ctx.close();
    await srv.close();
  });
  return { srv, ctx, open, problems, done: () => assert.deepEqual(problems, []) };
}

const signedOut = (page) => page.waitForURL(/\/logout$/, { timeout: 6000 });

test('no leave-page question when SessionSecurityConfirmFormDiscard is Off', async (t) => {
  const { open, done } = await setup(t, { confirm: null, warn: 20, expire: 40 });
  const page = await open();
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.dismiss(); });
  await page.locator('#name').fill('changed');
  await page.locator('#other').click();
  await page.waitForURL(/\/other$/);
  assert.deepEqual(asked, []);
  done();
});

test('the page\'s own beforeunload handler is kept, and a submit asks nothing', async (t) => {
  const { open, done } = await setup(t, { confirm: 'Unsaved', warn: 20, expire: 40 });
  const page = await open();
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.accept(); });
  await page.evaluate(() => {
    window.onbeforeunload = () => { sessionStorage.setItem('own', 'ran'); };
  });
  await page.locator('#name').fill('changed');
  await page.locator('#other').click(); // asked; accepted: leaves
  await page.waitForURL(/\/other$/);
  assert.deepEqual(asked, ['beforeunload']);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('own')), 'ran');
  await page.locator('#name').fill('changed again');
  await page.locator('#save').click(); // a submit: no question
  await page.waitForURL(/\/submit$/);
  assert.deepEqual(asked, ['beforeunload']);
  done();
});

test('a failing ping never keeps a tab signed in past ExpireAfter', async (t) => {
  const { open, done } = await setup(t, { pingStatus: 502 });
  const page = await open();
  const t0 = Date.now();
  await waitOpen(page); // a failed warn ping still warns
  await signedOut(page);
  assert.ok(Date.now() - t0 < 5000);
  done();
});

test('without a LogoutURL the tab reloads at expiry and shows the login page', async (t) => {
  const { open, done } = await setup(t, { logout: null });
  const page = await open();
  await waitOpen(page);
  assert.equal(await dialog(page).getByRole('button').count(), 1, 'no "Sign out now" without a logout URL');
  await page.waitForFunction(() => document.title === 'Login', null, { timeout: 6000 });
  done();
});

test('"Sign out now" signs out every tab', async (t) => {
  const { open, done } = await setup(t, { warn: 2, expire: 30 });
  const a = await open();
  const b = await open();
  await waitOpen(a);
  await dialog(a).getByRole('button', { name: 'Sign out now' }).click();
  await Promise.all([signedOut(a), signedOut(b)]);
  done();
});

test('the public API and events', async (t) => {
  const { srv, open, done } = await setup(t, { warn: 2, expire: 4 });
  const page = await open();
  await page.evaluate(() => {
    window.seen = [];
    for (const n of ['warn', 'activity', 'expire']) {
      document.addEventListener(`session-security:${n}`, (e) => {
        window.seen.push(n);
        if (n === 'expire') e.preventDefault(); // a single-page app handles it
      });
    }
  });
  await sleep(1000);
  await page.evaluate(() => window.sessionSecurity.activity());
  assert.equal(await page.evaluate(() => window.sessionSecurity.idle()), 0);
  await waitOpen(page);
  await sleep(2500);
  assert.deepEqual(await page.evaluate(() => window.seen), ['activity', 'warn', 'expire']);
  assert.match(page.url(), /\/page$/, 'a cancelled expire event leaves navigation to the app');
  assert.equal(srv.state.signedIn, false);
  done();
});
