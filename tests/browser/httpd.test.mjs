// Browser tests against the real httpd of the integration harness
// (tests/harness/serve.py) with SessionSecurityWarnAfter 2 and ExpireAfter 4.
// Skipped, with the reason, while the harness or the tag insertion is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import {
  ROOT, launch, watch, sleep, dialog, isOpen, waitOpen, waitClosed, countdown,
} from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
let server, info, browser, skip = null;

before(async () => {
  if (!fs.existsSync(SERVE)) {
    skip = 'tests/harness/serve.py does not exist yet';
    return;
  }
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--logout-url', '/logout'], {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: server.stdout });
  info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve.py printed nothing in 60 s')), 60_000);
    lines.once('line', (line) => { clearTimeout(timer); resolve(JSON.parse(line)); });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.py exited with ${code}`)); });
  });
  browser = await launch();
  // Is the tag inserted into the pages of a signed-in user?
  const ctx = await browser.newContext();
  const page = await login(ctx);
  if (!(await page.content()).includes('data-session-security')) {
    skip = 'the module does not insert the script tag into signed-in pages yet';
  }
  await ctx.close();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.stdin.end();
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const timer = setTimeout(() => server.kill('SIGTERM'), 5000);
    await exited;
    clearTimeout(timer);
  }
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
async function waitSignedOut(page, timeout = 7000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if ((await signedIn(page)) === false) return;
    await sleep(150);
  }
  throw new Error(`still signed in after ${timeout} ms: ${page.url()}`);
}

async function setup(t) {
  if (skip) return t.skip(skip) || null;
  const ctx = await browser.newContext();
  const problems = [];
  const pings = [];
  ctx.on('request', (r) => { if (r.url().includes('/session_security/ping')) pings.push({ t: Date.now(), url: r.url() }); });
  const first = await login(ctx, problems);
  const open = async (p) => {
    const page = watch(await ctx.newPage(), problems);
    await page.goto(p ? new URL(p, first.url()).href : first.url());
    return page;
  };
  t.after(() => ctx.close());
  return { ctx, first, open, pings, done: () => assert.deepEqual(problems, []) };
}

test('httpd: the dialog appears in two tabs at WarnAfter and both are signed out at ExpireAfter', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const a = await s.open();
  const b = await s.open();
  await s.first.close();
  const t0 = Date.now();
  assert.equal(await signedIn(a), true);
  await Promise.all([waitOpen(a), waitOpen(b)]);
  assert.ok(Date.now() - t0 < 3500);
  await Promise.all([waitSignedOut(a), waitSignedOut(b)]);
  // and the server agrees: a fresh page load is not signed in
  const c = await s.open();
  assert.equal(await signedIn(c), false);
  s.done();
});

test('httpd: activity in one tab hides the dialog in the other within a second', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const a = await s.open();
  const b = await s.open();
  await s.first.close();
  await Promise.all([waitOpen(a), waitOpen(b)]);
  await sleep(300);
  const t0 = Date.now();
  await a.mouse.move(40, 40);
  await a.mouse.move(90, 70);
  await Promise.all([waitClosed(a, 1000), waitClosed(b, 1000)]);
  assert.ok(Date.now() - t0 < 1000);
  s.done();
});

test('httpd: a tab kept active keeps a background tab signed in well past ExpireAfter', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const background = await s.open();
  const active = await s.open();
  await s.first.close();
  const t0 = Date.now();
  while (Date.now() - t0 < 9000) {
    await active.mouse.move(10 + Math.random() * 300, 10 + Math.random() * 300);
    await sleep(400);
  }
  assert.equal(await isOpen(background), false);
  assert.equal(await signedIn(background), true);
  await background.reload();
  assert.equal(await signedIn(background), true, 'the server kept the session');
  s.done();
});

test('httpd: three tabs make about one ping per mark over one idle cycle', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const tabs = [await s.open(), await s.open(), await s.open()];
  await s.first.close();
  const t0 = Date.now();
  await Promise.all(tabs.map((p) => waitOpen(p)));
  await Promise.all(tabs.map((p) => waitSignedOut(p)));
  const pings = s.pings.filter((p) => p.t >= t0);
  assert.ok(pings.length >= 2 && pings.length <= 3, JSON.stringify(pings));
  s.done();
});

test('httpd: activity before WarnAfter delays the warning', async (t) => {
  const s = await setup(t);
  if (!s) return;
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
  if (!s) return;
  const page = await s.open();
  await s.first.close();
  const t0 = Date.now();
  await waitOpen(page);
  const read = async () => +(await countdown(page)).match(/\d+/)[0];
  const first = await read();
  const left = 4 - (Date.now() - t0) / 1000;
  assert.ok(Math.abs(first - left) <= 1.2, `countdown ${first}, left ${left}`);
  await sleep(1000);
  const second = await read();
  assert.ok(first - second >= 1 && first - second <= 2, `${first} then ${second}`);
  assert.equal(await page.title(), `Signing out in ${second} s`);
  s.done();
});

test('httpd: "Stay signed in" hides the dialog, pings and keeps the session', async (t) => {
  const s = await setup(t);
  if (!s) return;
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

test('httpd: keyboard focus moves into the dialog, stays there, and comes back', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const page = await s.open('/app/form.html');
  await s.first.close();
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
  assert.ok(['Stay signed in', 'Sign out now'].includes(await focused()), 'focus left the dialog');
  assert.equal(await isOpen(page), true, 'keys inside the dialog are not activity');
  await page.keyboard.press('Escape'); // Escape = Stay signed in
  await waitClosed(page, 1000);
  assert.equal(await focused(), 'name');
  s.done();
});

test('httpd: the leave-page question after editing a form, and none at expiry', async (t) => {
  const s = await setup(t);
  if (!s) return;
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
    if (!s) return;
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
  if (!s) return;
  const page = await s.open();
  await s.first.close();
  await page.setViewportSize({ width: 900, height: 560 });
  await waitOpen(page);
  await sleep(300);
  await page.screenshot({ path: path.join(ROOT, 'docs/dialog.png') });
  assert.ok(fs.statSync(path.join(ROOT, 'docs/dialog.png')).size > 5000);
  s.done();
});
