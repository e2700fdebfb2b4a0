// Browser tests against the real httpd of the integration harness
// (tests/harness/serve.py) with SessionSecurityWarnAfter 2 and ExpireAfter 4.
// If the harness cannot start, or the module does not insert the script tag,
// every test fails (a before hook that throws), it is never skipped.
// UPDATE_DOCS_SCREENSHOT=1 also copies the screenshot to docs/dialog.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, launch, watch, sleep, dialog, isOpen, waitOpen, waitClosed, countdown, serveInfo, stopServe } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts');
const W = 2000, E = 4000; // ms
// A regular expression, not a glob: Playwright's '*' stops at '/', and the
// ping's query carries the page's path (?page=/app/...&idleFor=N).
const PING = /\/session_security\/ping(\?|$)/;
let server, info, browser;

before(async () => {
  if (!fs.existsSync(SERVE)) throw new Error('tests/harness/serve.py does not exist');
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--logout-url', '/logout'], {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'],
  });
  info = await serveInfo(server);
  browser = await launch();
  // Is the tag inserted into the pages of a signed-in user?
  const ctx = await browser.newContext();
  const page = await login(ctx);
  const html = await page.content();
  await ctx.close();
  if (!html.includes('data-session-security')) {
    throw new Error('the module does not insert the script tag into signed-in pages');
  }
});

after(async () => {
  await browser?.close();
  await stopServe(server);
});

// Opens the site and signs in through the login form (mod_auth_form).
async function login(ctx, problems = []) {
  const page = watch(await ctx.newPage(), problems);
  await page.goto(info.base_url);
  const password = page.locator('input[type=password]');
  if (await password.count()) {
    const user = page.locator('form input:not([type]), form input[type=text], form input[type=email]').first();
    await user.fill(info.user);
    await password.first().fill(info.password);
    await Promise.all([page.waitForNavigation(), password.first().press('Enter')]);
  }
  return page;
}

const signedIn = async (page) => {
  try {
    return await page.evaluate(() => !!document.querySelector('script[data-session-security]')
      && !document.querySelector('input[type=password]'));
  } catch (e) {
    return null; // navigating
  }
};
// Resolves with the time the page was first seen signed out (polled every 50 ms).
async function waitSignedOut(page, timeout = 7000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if ((await signedIn(page)) === false) return Date.now();
    await sleep(50);
  }
  throw new Error(`still signed in after ${timeout} ms: ${page.url()}`);
}

// One browser context (= one browser profile) per test, signed in; every
// ping of every tab is recorded; fails the test on page errors and CSP
// violations. Every page records when the dialog was shown (window.warned).
// b: another browser (one launched with the back-forward cache).
async function setup(t, b = browser) {
  const ctx = await b.newContext();
  t.after(() => ctx.close());
  const problems = [];
  const pings = [];
  ctx.on('request', (r) => { if (r.url().includes('/session_security/ping')) pings.push({ t: Date.now(), url: r.url() }); });
  await ctx.addInitScript(() => {
    window.warned = [];
    document.addEventListener('session-security:warn', (e) => window.warned.push(e.detail.seconds));
  });
  const first = await login(ctx, problems);
  const page = async () => watch(await ctx.newPage(), problems);
  // Opens a page; loaded: [before, after] the navigation, the client's page load lies in between.
  const open = async (p, tab) => {
    tab ||= await page();
    const t0 = Date.now();
    await tab.goto(p ? new URL(p, first.url()).href : first.url());
    tab.loaded = [t0, Date.now()];
    return tab;
  };
  return { ctx, first, page, open, pings, done: () => assert.deepEqual(problems, []) };
}

const focused = (page) => page.evaluate(() => {
  const host = document.querySelector('session-security');
  return document.activeElement === host ? host.shadowRoot.activeElement?.textContent : document.activeElement?.id;
});

test('httpd: two idle tabs warn at WarnAfter and are both signed out within 2.5 s of ExpireAfter', async (t) => {
  const s = await setup(t);
  const a = await s.open();
  const b = await s.open(); // the last activity of the browser: b's page load
  await s.first.close();
  assert.equal(await signedIn(a), true);
  await Promise.all([waitOpen(a), waitOpen(b)]);
  const shown = Date.now() - b.loaded[1];
  for (const p of [a, b]) assert.equal((await p.evaluate(() => window.warned)).length, 1, 'the warn event');
  assert.ok(shown > W - 300 && shown < W + 1500, `warned ${shown} ms after the last page load`);
  const out = await Promise.all([waitSignedOut(a), waitSignedOut(b)]);
  for (const at of out) {
    const after = at - b.loaded[0];
    assert.ok(after >= E - 100 && after <= E + 2500, `signed out ${after} ms after the last page load`);
  }
  // and the server agrees: a fresh page load is not signed in
  const c = await s.open();
  assert.equal(await signedIn(c), false);
  s.done();
});

// Both tabs show the dialog: a mouse move in tab a hides it in both within
// a second.
async function activityInAHidesBothDialogs(a, b) {
  await sleep(300);
  const t0 = Date.now();
  await a.mouse.move(40, 40);
  await a.mouse.move(90, 70);
  await Promise.all([waitClosed(a, 1000), waitClosed(b, 1000)]);
  assert.ok(Date.now() - t0 < 1000);
}

test('httpd: activity in one tab hides the dialog in the other within a second', async (t) => {
  const s = await setup(t);
  const a = await s.open();
  const b = await s.open();
  await s.first.close();
  await Promise.all([waitOpen(a), waitOpen(b)]);
  await activityInAHidesBothDialogs(a, b);
  s.done();
});

test('httpd: a tab kept active keeps a background tab signed in, with about one ping per period for the browser', async (t) => {
  const s = await setup(t);
  const background = await s.open();
  const active = await s.open();
  await s.first.close();
  const t0 = Date.now();
  const ACTIVE = 9000; // more than twice ExpireAfter
  while (Date.now() - t0 < ACTIVE) {
    await active.mouse.move(10 + Math.random() * 300, 10 + Math.random() * 300);
    await sleep(300);
  }
  const pings = s.pings.filter((p) => p.t >= t0 && p.t <= t0 + ACTIVE);
  // The keep-alive is due one WarnAfter after the server's stamp, known to a
  // whole second (the module stores whole seconds): every WarnAfter - 1 s =
  // 1 s here, for the whole browser. Each tab pinging would make twice that.
  assert.ok(pings.length >= ACTIVE / E && pings.length <= ACTIVE / (W - 1000) + 2,
    `${pings.length} pings in ${ACTIVE} ms: ${JSON.stringify(pings.map((p) => p.t - t0))}`);
  assert.ok(pings.every((p) => /idleFor=[01]\b/.test(p.url)), 'the user is active: at most 1 s idle');
  // never warned at any time, in either tab (the warn event of show())
  assert.deepEqual(await background.evaluate(() => window.warned), []);
  assert.deepEqual(await active.evaluate(() => window.warned), []);
  assert.equal(await isOpen(background), false);
  assert.equal(await signedIn(background), true);
  await background.reload();
  assert.equal(await signedIn(background), true, 'the server kept the session');
  s.done();
});

test('httpd: three tabs make about one ping per mark over one idle cycle', async (t) => {
  const s = await setup(t);
  const tabs = [await s.open(), await s.open(), await s.open()];
  await s.first.close();
  const t0 = Date.now();
  await Promise.all(tabs.map((p) => waitOpen(p)));
  await Promise.all(tabs.map((p) => waitSignedOut(p)));
  const pings = s.pings.filter((p) => p.t >= t0);
  assert.ok(pings.length >= 2 && pings.length <= 3, JSON.stringify(pings));
  s.done();
});

test('httpd: without BroadcastChannel, storage events share activity and the sign-out between tabs', async (t) => {
  const s = await setup(t);
  await s.ctx.addInitScript(() => { delete window.BroadcastChannel; });
  const a = await s.open();
  const b = await s.open();
  await s.first.close();
  for (const p of [a, b]) assert.equal(await p.evaluate(() => typeof BroadcastChannel), 'undefined');
  await Promise.all([waitOpen(a), waitOpen(b)]);
  assert.notEqual(await b.evaluate(() => localStorage.getItem('session-security')), null, 'the state goes through localStorage');
  await activityInAHidesBothDialogs(a, b);
  // The sign-out of a reaches b at once: both go to the logout URL. (b's own
  // next mark, its warn ping, is WarnAfter after the activity.)
  const t1 = Date.now();
  const left = (p) => p.waitForURL(/signed-out/, { waitUntil: 'commit', timeout: 3000 }).then(() => Date.now());
  const [, leftB] = await Promise.all([left(a), left(b), a.evaluate(() => window.sessionSecurity.signOut())]);
  assert.ok(leftB - t1 < 1000, `b left ${leftB - t1} ms after a's sign-out`);
  // The logout URL (mod_auth_form's logout handler) ended the session.
  const answer = await s.ctx.request.get(new URL('/session_security/ping', a.url()).href);
  assert.equal(await answer.json(), 'logout');
  s.done();
});

test('httpd: without Web Locks, three idle tabs make at most two pings per mark and all sign out', async (t) => {
  const s = await setup(t);
  await s.ctx.addInitScript(() => { delete Navigator.prototype.locks; });
  const tabs = [await s.open(), await s.open(), await s.open()];
  await s.first.close();
  for (const p of tabs) assert.equal(await p.evaluate(() => typeof navigator.locks), 'undefined');
  const t0 = Date.now();
  await Promise.all(tabs.map((p) => waitOpen(p)));
  await Promise.all(tabs.map((p) => waitSignedOut(p)));
  const pings = s.pings.filter((p) => p.t >= t0).map((p) => +new URL(p.url).searchParams.get('idleFor'));
  // the tabs spread by a random delay of up to 400 ms: rarely, two pings at a mark
  const warn = pings.filter((n) => n < E / 1000).length, expire = pings.length - warn;
  assert.ok(warn >= 1 && warn <= 2 && expire >= 1 && expire <= 2, `idleFor of the pings: ${pings}`);
  s.done();
});

// Laptop sleep (or a throttled tab): Playwright's clock drives Date.now and
// the timers of the pages; it is paused, real time passes (the server's
// session expires), then Date.now jumps to the real time with no timer fired
// yet, and the user moves the mouse and presses a key. The tab must sign out
// at once, without counting that activity (no activity event, no ping
// claiming a recent activity). "the ping fails": the network is not back yet.
for (const offline of [false, true]) {
  test(`httpd: waking from sleep past ExpireAfter signs out at once, activity does not revive${offline ? ' (the ping fails)' : ''}`, async (t) => {
    const s = await setup(t);
    const events = [];
    await s.ctx.exposeFunction('ssEvent', (name) => events.push({ t: Date.now(), name }));
    await s.ctx.addInitScript(() => {
      for (const n of ['activity', 'expire']) document.addEventListener(`session-security:${n}`, () => window.ssEvent(n));
    });
    const url = s.first.url();
    await s.first.close();
    await s.ctx.clock.install(); // in step with the real time until paused
    const page = await s.open(url);
    assert.equal(await signedIn(page), true);
    await s.ctx.clock.pauseAt(await page.evaluate(() => Date.now()) + 500); // asleep
    await sleep(page.loaded[1] + E + 1000 - Date.now());
    await s.ctx.clock.setSystemTime(Date.now()); // awake: Date.now jumps, no timer has fired
    assert.ok(await page.evaluate(() => window.sessionSecurity.idle()) > E / 1000, 'the page sees the time slept');
    assert.equal(await isOpen(page), false, 'no timer fired while asleep');
    assert.deepEqual(s.pings.filter((p) => p.t >= page.loaded[0]), [], 'no ping while asleep');
    assert.equal(await signedIn(page), true);
    if (offline) await page.route(PING, (route) => route.abort('internetdisconnected'));
    const t0 = Date.now();
    await page.mouse.move(40, 40);
    await page.mouse.move(90, 70);
    await page.keyboard.press('Shift');
    await s.ctx.clock.resume();
    const out = await waitSignedOut(page, 4000);
    assert.ok(out - t0 < 1000, `signed out ${out - t0} ms after the activity`);
    assert.match(page.url(), /signed-out/);
    assert.deepEqual(events.map((e) => e.name), ['expire'], 'the activity after the deadline was not counted');
    const idle = s.pings.filter((p) => p.t >= t0).map((p) => +new URL(p.url).searchParams.get('idleFor'));
    assert.ok(idle.every((n) => n >= E / 1000), `pings after waking, idleFor: ${idle}`);
    const answer = await s.ctx.request.get(new URL('/session_security/ping', url).href);
    assert.equal(await answer.json(), 'logout', 'the server says the session is gone');
    s.done();
  });
}

test('httpd: a page restored from the back-forward cache after ExpireAfter reloads', async (t) => {
  const bf = await launch({ bfcache: true });
  t.after(() => bf.close());
  const s = await setup(t, bf);
  await s.ctx.addInitScript(() => addEventListener('pageshow', (e) => {
    if (e.persisted) sessionStorage.setItem('restored', location.href);
  }));
  const page = await s.open();
  await s.first.close();
  const url = page.url();
  assert.equal(await signedIn(page), true);
  await page.goto('about:blank');
  await sleep(page.loaded[1] + E + 1000 - Date.now()); // past the deadline: the server has expired it too
  const navigations = [];
  s.ctx.on('request', (r) => { if (r.isNavigationRequest()) navigations.push(r.url()); });
  const t0 = Date.now();
  await page.goBack();
  const out = await waitSignedOut(page, 3000);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('restored')), url, 'restored from the back-forward cache');
  assert.equal(navigations[0], url, `the restored page reloads: ${navigations}`);
  assert.ok(out - t0 < 1500, `signed out ${out - t0} ms after going back`);
  assert.match(page.url(), /signed-out/);
  s.done();
});

test('httpd: activity before WarnAfter delays the warning', async (t) => {
  const s = await setup(t);
  const page = await s.open();
  await s.first.close();
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
  s.done();
});

test('httpd: the countdown counts real seconds, in the dialog and the tab title', async (t) => {
  const s = await setup(t);
  const page = await s.open();
  await s.first.close();
  await waitOpen(page);
  const read = async () => +(await countdown(page)).match(/\d+/)[0];
  const first = await read();
  const left = (E - (Date.now() - page.loaded[0])) / 1000;
  assert.ok(Math.abs(first - left) <= 1.2, `countdown ${first}, left ${left}`);
  await sleep(1000);
  const second = await read();
  assert.ok(first - second >= 1 && first - second <= 2, `${first} then ${second}`);
  assert.equal(await page.title(), `Signing out in ${second} s`);
  s.done();
});

test('httpd: a dialog opened late shows the seconds left to the deadline, not ExpireAfter - WarnAfter', async (t) => {
  const s = await setup(t);
  const page = await s.page();
  // The warn ping fails after 1.5 s, so the dialog opens 1.5 s late. (A late
  // successful answer would move the deadline legitimately: the server's stamp
  // is then only known to the network delay.) Later pings go through.
  let n = 0;
  await page.route(PING, async (route) => {
    if (n++) return route.continue();
    await sleep(1500);
    await route.abort('failed');
  });
  await s.open(undefined, page);
  await s.first.close();
  await waitOpen(page, 5000);
  const now = Date.now();
  const value = +(await countdown(page)).match(/\d+/)[0];
  const opened = now - page.loaded[1];
  assert.ok(opened >= W + 1400, `the dialog opened ${opened} ms after the page load: not late`);
  // seconds left, ceiled: the client's page load lies within page.loaded
  const lo = Math.ceil((page.loaded[0] + E - now) / 1000), hi = Math.ceil((page.loaded[1] + E - now) / 1000);
  assert.ok(value >= Math.max(lo, 0) && value <= hi, `countdown ${value}, expected ${lo}..${hi}`);
  assert.ok(value < (E - W) / 1000, `countdown ${value}: counted from the opening of the dialog`);
  assert.deepEqual(await page.evaluate(() => window.warned), [value], 'the warn event says the same');
  assert.match(await page.title(), new RegExp(`^Signing out in ${value} s$`));
  await waitSignedOut(page);
  s.done();
});

test('httpd: the dialog is an accessible modal: ARIA, focus moved in, Tab cycles, focus comes back', async (t) => {
  const s = await setup(t);
  const page = await s.open('/app/form.html');
  await s.first.close();
  await page.locator('#name').focus();
  await waitOpen(page);
  const aria = await page.evaluate(() => {
    const root = document.querySelector('session-security').shadowRoot;
    const d = root.querySelector('dialog');
    return {
      role: d.getAttribute('role'),
      modal: d.getAttribute('aria-modal'),
      label: root.getElementById(d.getAttribute('aria-labelledby'))?.textContent,
      description: root.getElementById(d.getAttribute('aria-describedby'))?.textContent,
      text: d.textContent,
    };
  });
  assert.equal(aria.role, 'alertdialog');
  assert.equal(aria.modal, 'true');
  assert.equal(aria.label, 'Your session is about to expire');
  assert.match(aria.description, /inactive for a while/);
  assert.doesNotMatch(aria.text, /undefined|null/);
  assert.equal(await page.getByRole('alertdialog', { name: 'Your session is about to expire' }).count(), 1,
    'the accessible name is the title');
  assert.equal(await focused(page), 'Stay signed in');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'Sign out now');
  await page.keyboard.press('Tab'); // from the last: wraps to the first
  assert.equal(await focused(page), 'Stay signed in');
  await page.keyboard.press('Shift+Tab'); // from the first: wraps to the last
  assert.equal(await focused(page), 'Sign out now');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'Stay signed in');
  assert.equal(await isOpen(page), true, 'keys inside the dialog are not activity');
  await page.keyboard.press('Escape'); // Escape = Stay signed in
  await waitClosed(page, 1000);
  assert.equal(await focused(page), 'name', 'focus is back where it was');
  assert.equal(await page.title(), 'A form', 'the title is restored');
  s.done();
});

test('httpd: "Stay signed in" hides the dialog, pings and keeps the session', async (t) => {
  const s = await setup(t);
  const page = await s.open();
  await s.first.close();
  await waitOpen(page);
  const before = s.pings.length;
  await dialog(page).getByRole('button', { name: 'Stay signed in' }).click();
  await waitClosed(page, 1000);
  await sleep(300);
  assert.ok(s.pings.slice(before).some((p) => /idleFor=0\b/.test(p.url)), JSON.stringify(s.pings));
  await sleep(2500); // past the original ExpireAfter
  assert.equal(await signedIn(page), true);
  await page.reload();
  assert.equal(await signedIn(page), true, 'the server kept the session');
  s.done();
});

test('httpd: "Stay signed in" clicked after the deadline signs out instead of extending', async (t) => {
  const s = await setup(t);
  const page = await s.page();
  // The expire ping is held, then answered "1 s idle" (as if the server were
  // not expired yet): a click that extended the session would keep the tab.
  let n = 0, held;
  const expirePing = new Promise((resolve) => { held = resolve; });
  await page.route(PING, async (route) => {
    if (n++ === 0) return route.continue(); // the warn ping
    held(Date.now());
    await sleep(1000);
    await route.fulfill({ status: 200, contentType: 'application/json', body: '1' }).catch(() => {});
  });
  await s.open(undefined, page);
  await s.first.close();
  await waitOpen(page);
  const deadlineSeen = await expirePing;
  assert.ok(deadlineSeen - page.loaded[0] >= E, 'the expire ping comes at the deadline');
  await dialog(page).getByRole('button', { name: 'Stay signed in' }).click();
  await page.waitForURL(/signed-out/, { timeout: 800 }); // before the answer "1" could extend it
  assert.equal(await signedIn(page), false);
  s.done();
});

test('httpd: a ping that never answers does not keep the tab signed in past ExpireAfter', async (t) => {
  const s = await setup(t);
  const page = await s.page();
  let n = 0;
  await page.route(PING, (route) => (n++ === 0 ? route.continue() : null)); // the expire ping hangs
  await s.open(undefined, page);
  await s.first.close();
  await waitOpen(page);
  const after = (await waitSignedOut(page)) - page.loaded[1];
  assert.ok(after <= E + 2500, `signed out ${after} ms after the page load`);
  assert.equal(n, 2, 'the warn ping and the hanging expire ping');
  s.done();
});

test('httpd: without AbortSignal.timeout, pings that never answer do not keep the tab either', async (t) => {
  const s = await setup(t);
  const page = await s.page();
  await page.addInitScript(() => { delete AbortSignal.timeout; });
  await page.route(PING, () => null); // every ping hangs, the warn ping too
  await s.open(undefined, page);
  await s.first.close();
  assert.equal(await page.evaluate(() => typeof AbortSignal.timeout), 'undefined');
  const after = (await waitSignedOut(page)) - page.loaded[1];
  assert.ok(after <= E + 2500, `signed out ${after} ms after the page load`);
  s.done();
});

test('httpd: a server confirming an idle time of ExpireAfter or more signs the tab out, no ping loop', async (t) => {
  const s = await setup(t);
  const page = await s.page();
  // like django-session-security's server: the answer is the idle time the client reported
  await page.route(PING, (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: new URL(route.request().url()).searchParams.get('idleFor'),
  }));
  await s.open(undefined, page);
  await s.first.close();
  const t0 = page.loaded[0];
  await waitOpen(page);
  const after = (await waitSignedOut(page)) - page.loaded[1];
  assert.ok(after <= E + 2500, `signed out ${after} ms after the page load`);
  const pings = s.pings.filter((p) => p.t >= t0).map((p) => new URL(p.url).searchParams.get('idleFor'));
  assert.deepEqual(pings, ['2', '4'], 'one ping at the warn mark, one at the expire mark');
  s.done();
});

test('httpd: the leave-page question after editing a form, and none at expiry', async (t) => {
  const s = await setup(t);
  const page = await s.open('/app/form.html');
  await s.first.close();
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.dismiss(); });
  await page.locator('#name').fill('typed text');
  await page.locator('#other').click();
  await sleep(500);
  assert.deepEqual(asked, ['beforeunload']);
  assert.match(page.url(), /\/app\/form\.html$/);
  assert.equal(await page.locator('#name').inputValue(), 'typed text');
  // Left alone: signed out at ExpireAfter without a question.
  await waitSignedOut(page);
  assert.match(page.url(), /signed-out/);
  assert.deepEqual(asked, ['beforeunload']);
  s.done();
});

for (const [name, p] of [["a strict script-src 'self' CSP", '/app/csp-self.php'],
  ['a nonce CSP', '/app/csp-nonce.php']]) {
  test(`httpd: works on a page with ${name}`, async (t) => {
    const s = await setup(t);
    const page = await s.open(p);
    await s.first.close();
    await waitOpen(page);
    assert.equal(await page.evaluate(() => typeof window.sessionSecurity.activity), 'function');
    const bg = await page.evaluate(() => getComputedStyle(
      document.querySelector('session-security').shadowRoot.querySelector('button')).backgroundColor);
    assert.equal(bg, 'rgb(0, 112, 60)', 'the dialog is styled despite the CSP');
    await waitSignedOut(page);
    s.done();
  });
}

test('httpd: screenshot of the dialog over the demo PHP app', async (t) => {
  const s = await setup(t);
  const page = await s.open();
  await s.first.close();
  await page.setViewportSize({ width: 900, height: 560 });
  await waitOpen(page);
  await sleep(300);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'dialog.png');
  await page.screenshot({ path: file });
  assert.ok(fs.statSync(file).size > 5000);
  if (process.env.UPDATE_DOCS_SCREENSHOT === '1') fs.copyFileSync(file, path.join(ROOT, 'docs/dialog.png'));
  s.done();
});
