// Browser tests of js/session-security.js against a fake of the module
// (tests/browser/helpers.mjs), with WarnAfter 2 s and ExpireAfter 4 s.
// Run: node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ROOT, launch, watch, fakeServer, sleep, dialog, isOpen, waitOpen, waitClosed, countdown,
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

test('the dialog appears in two tabs at WarnAfter and both sign out at ExpireAfter', async (t) => {
  const { srv, open, done } = await setup(t);
  const a = await open();
  const b = await open();
  const t0 = Date.now();
  assert.equal(await isOpen(a), false);
  await Promise.all([waitOpen(a), waitOpen(b)]);
  const shownAfter = Date.now() - t0;
  assert.ok(shownAfter > 1500 && shownAfter < 3500, `dialog after ${shownAfter} ms`);
  // accessible: alertdialog, modal, labelled by its title
  const d = dialog(a);
  assert.equal(await d.getAttribute('aria-modal'), 'true');
  const title = await a.evaluate(() => {
    const root = document.querySelector('session-security').shadowRoot;
    return root.getElementById(root.querySelector('dialog').getAttribute('aria-labelledby')).textContent;
  });
  assert.equal(title, 'Your session is about to expire');
  assert.match(await a.title(), /^Signing out in \d s$/);
  await Promise.all([signedOut(a), signedOut(b)]);
  const outAfter = Date.now() - t0;
  assert.ok(outAfter > 3500 && outAfter < 6500, `signed out after ${outAfter} ms`);
  assert.equal(srv.state.signedIn, false);
  done();
});

test('activity in one tab hides the dialog in the other within a second', async (t) => {
  const { srv, open, done } = await setup(t);
  const a = await open();
  const b = await open();
  await Promise.all([waitOpen(a), waitOpen(b)]);
  await sleep(300); // mouse moves within 250 ms of the dialog opening are ignored
  const pings = srv.state.pings.length;
  const t0 = Date.now();
  await a.mouse.move(50, 50);
  await a.mouse.move(80, 90);
  await Promise.all([waitClosed(a, 1000), waitClosed(b, 1000)]);
  assert.ok(Date.now() - t0 < 1000);
  await sleep(300);
  // the active tab told the server, with a small idleFor; one ping only
  const after = srv.state.pings.slice(pings);
  assert.equal(after.length, 1, JSON.stringify(after));
  assert.equal(after[0].idleFor, 0);
  assert.equal(await a.title(), 'Page /page');
  done();
});

test('a tab kept active keeps a background tab signed in well past ExpireAfter', async (t) => {
  const { srv, open, done } = await setup(t);
  const background = await open();
  const active = await open();
  let warned = false;
  await background.exposeFunction('reportWarn', () => { warned = true; });
  await background.evaluate(() => document.addEventListener('session-security:warn', () => window.reportWarn()));
  const t0 = Date.now();
  for (let i = 0; Date.now() - t0 < 9000; i++) { // typing a long form, without requests
    await active.locator('#notes').focus();
    await active.keyboard.type('a');
    await sleep(400);
  }
  assert.equal(warned, false, 'the background tab warned while another tab was in use');
  assert.equal(await isOpen(background), false);
  assert.match(background.url(), /\/page$/);
  assert.equal(srv.state.signedIn, true);
  assert.equal(srv.state.expired, 0);
  // the server was told at least once per WarnAfter, but by one tab, not two
  const pings = srv.state.pings.filter((p) => p.t >= t0);
  assert.ok(pings.length >= 3 && pings.length <= 6, `${pings.length} pings in 9 s`);
  for (const p of pings) assert.ok(p.idleFor <= 1, `idleFor ${p.idleFor}`);
  done();
});

test('activity before WarnAfter delays the warning', async (t) => {
  const { open, done } = await setup(t);
  const page = await open();
  const t0 = Date.now();
  await sleep(1500);
  await page.mouse.move(10, 10);
  await page.mouse.move(20, 30);
  const t1 = Date.now();
  await sleep(t0 + 2800 - Date.now());
  assert.equal(await isOpen(page), false, 'warned although active 1.3 s ago');
  await waitOpen(page, 3000);
  const shownAfter = Date.now() - t1;
  assert.ok(shownAfter > 1700 && shownAfter < 3000, `warned ${shownAfter} ms after the activity`);
  done();
});

test('the countdown counts real seconds, in the text and in the tab title', async (t) => {
  const { open, done } = await setup(t, { warn: 2, expire: 6 });
  const page = await open();
  const t0 = Date.now();
  await waitOpen(page);
  const read = async () => +(await countdown(page)).match(/\d+/)[0];
  const first = await read();
  const left = 6 - (Date.now() - t0) / 1000;
  assert.ok(Math.abs(first - left) <= 1, `countdown ${first}, left ${left}`);
  await sleep(1000);
  const second = await read();
  assert.ok(first - second === 1 || first - second === 2, `${first} then ${second}`);
  await sleep(1000);
  const third = await read();
  assert.ok(second - third >= 1 && first - third <= 3 && first - third >= 2, `${first} ${second} ${third}`);
  assert.equal(await page.title(), `Signing out in ${third} s`);
  done();
});

test('"Stay signed in" hides the dialog, tells the server and keeps the session', async (t) => {
  const { srv, open, done } = await setup(t);
  const page = await open();
  await waitOpen(page);
  const pings = srv.state.pings.length;
  await dialog(page).getByRole('button', { name: 'Stay signed in' }).click();
  await waitClosed(page, 1000);
  await sleep(300);
  assert.deepEqual(srv.state.pings.slice(pings).map((p) => p.idleFor), [0]);
  await sleep(2500); // past the original ExpireAfter
  assert.match(page.url(), /\/page$/);
  assert.equal(srv.state.signedIn, true);
  await waitOpen(page, 3000); // and the next warning comes a WarnAfter after the click
  done();
});

test('keyboard focus moves into the dialog, stays there, and comes back', async (t) => {
  const { open, done } = await setup(t, { warn: 2, expire: 8 });
  const page = await open();
  await page.locator('#name').focus();
  await waitOpen(page);
  const focused = () => page.evaluate(() => {
    const host = document.querySelector('session-security');
    return document.activeElement === host ? host.shadowRoot.activeElement?.textContent : document.activeElement?.id;
  });
  assert.equal(await focused(), 'Stay signed in');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Sign out now');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const inside = await focused();
  assert.ok(['Stay signed in', 'Sign out now'].includes(inside), `focus went to ${inside}`);
  assert.equal(await isOpen(page), true, 'keys inside the dialog are not activity');
  await page.keyboard.press('Escape'); // Escape = Stay signed in
  await waitClosed(page, 1000);
  assert.equal(await focused(), 'name');
  done();
});

test('the leave-page question after editing a form, and none after expiry', async (t) => {
  const { open, done } = await setup(t, { confirm: 'You have unsaved changes.' });
  const page = await open();
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.dismiss(); });
  // no question without edits
  await page.locator('#other').click();
  await page.waitForURL(/\/other$/);
  assert.deepEqual(asked, []);
  // edited: asked, and staying keeps the page
  await page.locator('#name').fill('changed');
  await page.locator('#other').click();
  await sleep(500);
  assert.deepEqual(asked, ['beforeunload']);
  assert.match(page.url(), /\/other$/); // still on the edited page
  assert.equal(await page.locator('#name').inputValue(), 'changed');
  // edited and then expired: signed out without a question
  await signedOut(page);
  assert.deepEqual(asked, ['beforeunload']);
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

for (const [name, p] of [['a strict script-src \'self\' CSP', '/csp'], ['a nonce CSP', '/nonce']]) {
  test(`works on a page with ${name}`, async (t) => {
    const { open, done } = await setup(t);
    const page = await open(p);
    await waitOpen(page);
    assert.equal(await page.evaluate(() => typeof window.sessionSecurity.activity), 'function');
    // the dialog is styled (the scoped stylesheet applied despite the CSP)
    const bg = await page.evaluate(() => getComputedStyle(
      document.querySelector('session-security').shadowRoot.querySelector('button')).backgroundColor);
    assert.equal(bg, 'rgb(0, 112, 60)');
    await signedOut(page);
    done();
  });
}

test('three tabs make one ping per mark over one idle cycle', async (t) => {
  const { srv, open, done } = await setup(t);
  const tabs = [await open(), await open(), await open()];
  const t0 = Date.now();
  await Promise.all(tabs.map((p) => waitOpen(p)));
  await Promise.all(tabs.map((p) => signedOut(p)));
  const pings = srv.state.pings.filter((p) => p.t >= t0);
  assert.equal(pings.length, 2, JSON.stringify(pings));
  assert.ok(pings[0].idleFor >= 2 && typeof pings[0].answer === 'number');
  assert.equal(pings[1].answer, 'logout');
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

test('screenshot of the dialog for the docs', async (t) => {
  const { open, done } = await setup(t, { warn: 1, expire: 60 });
  const page = await open();
  await page.setViewportSize({ width: 900, height: 520 });
  await waitOpen(page);
  await page.mouse.move(1, 1); // (ignored: within 250 ms of opening)
  await page.screenshot({ path: path.join(ROOT, 'docs/dialog.png') });
  done();
});
