// The warning before SessionSecurityMaxLifetime (issue 12 part 2) in a real
// Chromium against the real httpd (tests/harness/serve.py, WarnAfter 2,
// ExpireAfter 4, MaxLifetime 8, LogoutURL /logout): a user who keeps active
// is warned ExpireAfter - WarnAfter (2 s) before the lifetime ends, by a
// dialog with no "Stay signed in" that activity does not close, and is
// signed out at the deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, launch, watch, sleep, serveInfo } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const LIFETIME_MS = 8000;
const LEAD_MS = 2000; // ExpireAfter - WarnAfter
const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'js/i18n/en.json'), 'utf8'));
let server, info, browser, confDir;

before(async () => {
  confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssec-lifetime-'));
  const conf = path.join(confDir, 'extra.conf');
  fs.writeFileSync(conf, `SessionSecurityMaxLifetime ${LIFETIME_MS / 1000}\n`);
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--logout-url', '/logout', '--extra-conf', conf], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  info = await serveInfo(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.stdin.end();
    const timer = setTimeout(() => server.kill('SIGTERM'), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (confDir) fs.rmSync(confDir, { recursive: true, force: true });
});

const dialogState = (page) => page.evaluate(() => {
  const d = document.querySelector('session-security')?.shadowRoot?.querySelector('dialog');
  if (!d?.open) return null;
  return {
    title: d.querySelector('h2').textContent,
    buttons: [...d.querySelectorAll('button')].filter((b) => !b.hidden).map((b) => b.textContent),
    countdown: d.querySelector('[aria-hidden=true]').textContent,
  };
}).catch(() => undefined); // navigating

test('a user who keeps active is warned 2 s before MaxLifetime, cannot stay, and is signed out at it', async (t) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 560 } });
  t.after(() => context.close());
  const problems = [];
  const page = watch(await context.newPage(), problems);
  await context.addInitScript(() => {
    window.warned = [];
    document.addEventListener('session-security:warn', (e) => window.warned.push(e.detail));
  });
  await page.goto(info.base_url);
  await page.locator('input[name=httpd_username]').fill(info.user);
  await page.locator('input[name=httpd_password]').fill(info.password);
  const signInAt = Date.now(); // the sign-in stamp is written during this request
  await Promise.all([page.waitForNavigation(), page.locator('input[name=httpd_password]').press('Enter')]);
  const left = Number(await page.locator('script[data-session-security]').getAttribute('data-lifetime-left'));
  assert.ok(left >= 6 && left <= 8, `data-lifetime-left="${left}"`);

  let openedAt = null, first = null, signedOutAt = null, x = 10;
  const seen = [];
  while (Date.now() - signInAt < LIFETIME_MS + 4000) {
    // a person at work: the mouse moves every 300 ms, the whole time
    x = x === 10 ? 400 : 10;
    await page.mouse.move(x, 300).catch(() => {});
    const state = await dialogState(page);
    if (state && openedAt === null) { openedAt = Date.now(); first = state; }
    if (state) seen.push(state);
    if (openedAt !== null && state === null && !new URL(page.url()).pathname.startsWith('/app')) {
      signedOutAt = Date.now();
      break;
    }
    await sleep(300);
  }
  assert.ok(openedAt, 'the lifetime dialog appeared');
  const openedAfter = openedAt - signInAt;
  assert.ok(openedAfter >= LIFETIME_MS - LEAD_MS - 1200 && openedAfter <= LIFETIME_MS - LEAD_MS + 1500,
    `opened ${openedAfter} ms after sign-in (expected about ${LIFETIME_MS - LEAD_MS})`);
  assert.equal(first.title, en['lifetime-title']);
  assert.deepEqual(first.buttons, [en.signout, en.close], 'no "Stay signed in"');
  assert.match(first.countdown, /^Signing out in [123] s\.$/);
  assert.ok(seen.every((s) => s.title === en['lifetime-title']), 'activity never closed it nor turned it into the idle dialog');
  assert.ok(signedOutAt, `signed out (at ${page.url()})`);
  const signedOutAfter = signedOutAt - signInAt;
  assert.ok(signedOutAfter >= LIFETIME_MS - 500 && signedOutAfter <= LIFETIME_MS + 2500,
    `signed out ${signedOutAfter} ms after sign-in`);
  // and the server agrees: the app asks to sign in again
  await page.goto(new URL('/app/', info.base_url).href);
  assert.equal(await page.locator('input[name=httpd_password]').count(), 1, 'the session is gone');
  assert.deepEqual(problems, []);
  t.diagnostic(`dialog at ${openedAfter} ms, signed out at ${signedOutAfter} ms (lifetime ${LIFETIME_MS} ms)`);
});

test('"Close" closes the lifetime dialog without extending anything: signed out at the deadline all the same', async (t) => {
  const context = await browser.newContext({ locale: 'en-US' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(info.base_url);
  await page.locator('input[name=httpd_username]').fill(info.user);
  await page.locator('input[name=httpd_password]').fill(info.password);
  const signInAt = Date.now();
  await Promise.all([page.waitForNavigation(), page.locator('input[name=httpd_password]').press('Enter')]);
  // kept active until the dialog comes, then "Close"
  while (!(await dialogState(page)) && Date.now() - signInAt < LIFETIME_MS) {
    await page.mouse.move(Math.random() * 500, 300);
    await sleep(300);
  }
  assert.ok(await dialogState(page), 'the lifetime dialog appeared');
  await page.locator('session-security').locator('button', { hasText: en.close }).click();
  await sleep(300);
  assert.equal(await dialogState(page), null, 'closed');
  await page.mouse.move(50, 50);
  await page.waitForURL((url) => !url.pathname.startsWith('/app'), { timeout: LIFETIME_MS + 3000 - (Date.now() - signInAt) });
  const after = Date.now() - signInAt;
  assert.ok(after >= LIFETIME_MS - 500, `signed out ${after} ms after sign-in, not before the deadline`);
});
