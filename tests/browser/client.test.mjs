// Browser tests of js/session-security.js against a fake of the module
// (tests/browser/helpers.mjs), with WarnAfter 2 s and ExpireAfter 4 s: only
// what needs a fake (a failing ping, settings the harness does not serve);
// everything else runs against the real httpd in httpd.test.mjs.
// Run: node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, watch, fakeServer, sleep, dialog, isOpen, waitOpen,
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

test('an XHTML page served as application/xhtml+xml stays well-formed and runs the client', async (t) => {
  const { open, done } = await setup(t, { warn: 2, expire: 40 });
  const page = await open('/xhtml');
  assert.equal(await page.evaluate(() => document.contentType), 'application/xhtml+xml');
  // Chromium replaces an ill-formed document with a <parsererror> report.
  assert.equal(await page.evaluate(() => document.getElementsByTagName('parsererror').length), 0);
  assert.equal(await page.locator('#h').textContent(), 'XHTML');
  const tag = await page.evaluate(() => {
    const s = document.querySelector('script[data-session-security]');
    return { defer: s.defer, marker: s.getAttribute('data-session-security') };
  });
  assert.deepEqual(tag, { defer: true, marker: '' });
  await waitOpen(page, 6000); // the client ran: its warning comes at WarnAfter
  done();
});

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
  assert.match(await page.title(), /^Signing out in \d s$/);
  await page.waitForFunction(() => window.seen.includes('expire'), null, { timeout: 4000, polling: 50 });
  assert.deepEqual(await page.evaluate(() => window.seen), ['activity', 'warn', 'expire']);
  assert.match(page.url(), /\/page$/, 'a cancelled expire event leaves navigation to the app');
  assert.equal(await isOpen(page), false, 'the dialog is closed');
  assert.equal(await page.title(), 'Page /page', 'the title is restored');
  assert.equal(srv.state.signedIn, false);
  // the client stays stopped: no dialog, no ping, no activity event any more
  const pings = srv.state.pings.length;
  await page.mouse.move(30, 30);
  await page.mouse.move(60, 90);
  await sleep(1200);
  assert.deepEqual(await page.evaluate(() => window.seen), ['activity', 'warn', 'expire']);
  assert.equal(await isOpen(page), false);
  assert.equal(srv.state.pings.length, pings);
  done();
});

test('a wall clock set back does not block activity', async (t) => {
  const { open, ctx, done } = await setup(t, { warn: 20, expire: 40 });
  await ctx.addInitScript(() => { // a Date.now that the test can set back
    const real = Date.now;
    let offset = 0;
    Date.now = () => real() + offset;
    window.shiftClock = (ms) => { offset += ms; };
    window.activities = 0;
    document.addEventListener('session-security:activity', () => window.activities++);
  });
  const page = await open();
  await page.mouse.move(10, 10);
  await page.mouse.move(50, 40);
  await page.waitForFunction(() => window.activities === 1, null, { timeout: 1000, polling: 50 });
  await sleep(1100);
  await page.evaluate(() => window.shiftClock(-3600_000)); // the clock goes back an hour
  await page.mouse.move(90, 80);
  await page.waitForFunction(() => window.activities === 2, null, { timeout: 1000, polling: 50 });
  assert.equal(await page.evaluate(() => window.sessionSecurity.idle()), 0);
  await page.mouse.move(20, 20); // and the throttle still works: within the second, not counted
  await sleep(200);
  assert.equal(await page.evaluate(() => window.activities), 2);
  done();
});

test('without constructable stylesheets the dialog is styled by a <style> with the nonce', async (t) => {
  const { open, ctx, done } = await setup(t, { warn: 1, expire: 30 });
  await ctx.addInitScript(() => { delete CSSStyleSheet.prototype.replaceSync; });
  const page = await open('/nonce');
  await waitOpen(page);
  const style = await page.evaluate(() => {
    const root = document.querySelector('session-security').shadowRoot;
    return {
      adopted: root.adoptedStyleSheets.length,
      nonce: root.querySelector('style')?.nonce,
      bg: getComputedStyle(root.querySelector('button')).backgroundColor,
      text: root.querySelector('dialog').textContent,
    };
  });
  assert.equal(style.adopted, 0);
  assert.equal(style.nonce, 'r4nd0mN0nce');
  assert.equal(style.bg, 'rgb(0, 112, 60)');
  assert.doesNotMatch(style.text, /undefined/);
  done(); // and no CSP violation
});

test('the XML-well-formed tag, and a ping URL with a query string of its own', async (t) => {
  // the tag as issue 9 writes it: defer="defer" data-session-security="", and
  // a data-ping-url that names the page; the client adds idleFor to it
  const { srv, open, done } = await setup(t, {
    warn: 1, expire: 30, pingUrl: '/session_security/ping?page=%2Freports%2Fx%20y',
  });
  const page = await open();
  assert.match(await page.content(), /defer="defer" data-session-security=""/);
  await waitOpen(page); // the warn ping at WarnAfter, then the dialog
  assert.ok(srv.state.pings.length >= 1);
  for (const ping of srv.state.pings) {
    assert.match(ping.query, /^\?page=%2Freports%2Fx%20y&idleFor=\d+$/, 'the page parameter is kept byte for byte');
    assert.equal(ping.idleFor, 1);
  }
  done();
});
