// Background traffic never keeps an idle user signed in (issue 12, part 3),
// against the real httpd of the integration harness (tests/harness/serve.py,
// SessionSecurityWarnAfter 2, ExpireAfter 4, LogoutURL /logout, the default
// SessionSecurityActivity human): a page that reloads itself (meta refresh
// every 2 s) and a page that polls with fetch every second are warned and
// signed out on time when nobody touches them, and stay signed in while a
// person works in them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, launch, watch, sleep, serveInfo, stopServe } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const W = 2000, E = 4000; // ms
const WORK = 9000; // a person works for more than twice ExpireAfter
let server, info, browser;

before(async () => {
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--logout-url', '/logout'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  info = await serveInfo(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopServe(server);
});

// One browser profile per test, signed in through the login form. Every
// document tells its page loads and warnings on the console, which the test
// reads without running anything in the page: Playwright's evaluate() counts
// as a user gesture, and a meta refresh after one carries Sec-Fetch-User ?1.
async function setup(t) {
  const ctx = await browser.newContext();
  t.after(() => ctx.close());
  const problems = [];
  const log = [];
  await ctx.addInitScript(() => {
    console.debug('ssec-test load', location.pathname);
    document.addEventListener('session-security:warn', () => console.debug('ssec-test warn', location.pathname));
  });
  const page = watch(await ctx.newPage(), problems);
  page.on('console', (msg) => {
    const [tag, kind, where] = msg.text().split(' ');
    if (tag === 'ssec-test') log.push({ kind, t: Date.now(), path: where });
  });
  await page.goto(info.base_url);
  const password = page.locator('input[type=password]');
  await page.locator('form input:not([type]), form input[type=text]').first().fill(info.user);
  await password.fill(info.password);
  await Promise.all([page.waitForNavigation(), password.press('Enter')]);
  const pings = [];
  ctx.on('request', (r) => { if (r.url().includes('/session_security/ping')) pings.push({ t: Date.now(), url: r.url() }); });
  return { page, pings, log, done: () => assert.deepEqual(problems, []) };
}

// The time the page left the application page for the signed-out page or
// the login form, seen from navigation events only.
async function waitSignedOut(page, pagePath, timeout) {
  await page.waitForURL((url) => url.pathname !== `/app/${pagePath}`, { timeout, waitUntil: 'commit' });
  return Date.now();
}

const stillSignedIn = (page) => page.evaluate(() => !!document.querySelector('script[data-session-security]')
  && !document.querySelector('input[type=password]'));

for (const [name, pagePath] of [['refreshes itself every 2 s', 'refresh.html'], ['polls with fetch every second', 'poll.html']]) {
  test(`httpd: a page that ${name} is warned and signed out on time when nobody touches it`, async (t) => {
    const s = await setup(t);
    const t0 = Date.now();
    await s.page.goto(new URL(pagePath, info.base_url).href); // a person's navigation: stamps
    const t1 = Date.now();
    const out = await waitSignedOut(s.page, pagePath, E + 5000);
    const log = s.log.filter((e) => e.t >= t0);
    const warns = log.filter((e) => e.kind === 'warn');
    const loads = log.filter((e) => e.kind === 'load' && e.path === `/app/${pagePath}`);
    assert.ok(warns.length >= 1, `never warned: ${JSON.stringify(log)}`);
    const warnedAt = warns[0].t - t1;
    assert.ok(warnedAt > W - 300 && warnedAt < W + 1500, `warned ${warnedAt} ms after the page load`);
    const signedOutAt = out - t0;
    assert.ok(signedOutAt >= E - 100 && signedOutAt <= E + 2500, `signed out ${signedOutAt} ms after the page load`);
    if (pagePath === 'refresh.html') {
      assert.ok(loads.length >= 2, `the page reloaded itself: ${JSON.stringify(log)}`);
    } else {
      assert.equal(loads.length, 1);
    }
    // and the server agrees
    await s.page.goto(new URL(pagePath, info.base_url).href);
    assert.equal(await stillSignedIn(s.page), false);
    s.done();
  });
}

test('httpd: a person moving the mouse on a page that refreshes itself stays signed in', async (t) => {
  const s = await setup(t);
  await s.page.goto(new URL('refresh.html', info.base_url).href);
  const t0 = Date.now();
  while (Date.now() - t0 < WORK) {
    await s.page.mouse.move(10 + Math.random() * 300, 10 + Math.random() * 300);
    await sleep(250);
  }
  const log = s.log.filter((e) => e.t >= t0);
  assert.ok(log.filter((e) => e.kind === 'load').length >= 3, `the page reloaded itself: ${JSON.stringify(log)}`);
  assert.deepEqual(log.filter((e) => e.kind === 'warn'), [], 'never warned');
  assert.ok(s.pings.some((p) => /idleFor=0\b/.test(p.url)), 'the client told the server of the mouse');
  await sleep(300);
  assert.equal(await stillSignedIn(s.page), true);
  s.done();
});

test('httpd: a person typing on a page that polls stays signed in', async (t) => {
  const s = await setup(t);
  await s.page.goto(new URL('poll.html', info.base_url).href);
  await s.page.click('#notes');
  const t0 = Date.now();
  while (Date.now() - t0 < WORK) {
    await s.page.keyboard.type('ab', { delay: 100 });
    await sleep(200);
  }
  const log = s.log.filter((e) => e.t >= t0);
  assert.deepEqual(log.filter((e) => e.kind === 'warn'), [], 'never warned');
  assert.ok(Number(await s.page.locator('#polls').textContent()) >= WORK / 1000 - 2, 'it polled all along');
  assert.equal(await s.page.locator('#status').textContent(), '200');
  assert.ok((await s.page.inputValue('#notes')).length >= 20);
  assert.equal(await stillSignedIn(s.page), true);
  s.done();
});
