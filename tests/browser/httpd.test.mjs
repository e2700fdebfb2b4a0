// Browser tests against the real httpd of the integration harness
// (tests/harness/serve.py) with SessionSecurityWarnAfter 2 and ExpireAfter 4.
// Skipped, with the reason, while the harness or the tag insertion is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { ROOT, launch, watch, sleep, isOpen, waitOpen, waitClosed } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
let server, info, browser, skip = null;

before(async () => {
  if (!fs.existsSync(SERVE)) {
    skip = 'tests/harness/serve.py does not exist yet';
    return;
  }
  server = spawn('python3', [SERVE, '--warn-after', '2', '--expire-after', '4'], {
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
  const open = async () => {
    const page = watch(await ctx.newPage(), problems);
    await page.goto(first.url());
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
