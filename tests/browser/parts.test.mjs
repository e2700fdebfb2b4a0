// Browser tests of the parts the script loads when a page needs them
// (js/src/chunks.js): the dialog's part comes only with a warning, and a
// part that cannot be loaded costs the dialog, never the warning event or
// the sign-out; the next warning asks again. Against the fake of the module
// (helpers.mjs), WarnAfter 2 s and ExpireAfter 4 s. The real httpd serves
// the parts under a nonce-only CSP in httpd.test.mjs ("works on a page with
// a nonce CSP").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import {
  ROOT, launch, watch, fakeServer, sleep, isOpen, waitOpen, serveInfo, stopServe,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function setup(t, opts) {
  const srv = await fakeServer({ warn: 2, expire: 4, logout: '/logout', ...opts });
  const ctx = await browser.newContext();
  const problems = [];
  t.after(async () => {
    await ctx.close();
    await srv.close();
  });
  const page = watch(await ctx.newPage(), problems);
  // the warn events, as a single-page app would listen to them
  await page.addInitScript(() => {
    window.warnings = [];
    document.addEventListener('session-security:warn', (e) => window.warnings.push(e.detail.seconds));
  });
  return { srv, page, problems };
}

test('parts: an English page loads no part before its warning, then the dialog\'s only', async (t) => {
  const { srv, page, problems } = await setup(t, { expire: 6, warn: 3 });
  await page.goto(`${srv.base}/page`);
  await sleep(2000);
  assert.deepEqual(srv.state.parts, [], 'nothing but the script before the warn mark');
  await waitOpen(page, 5000);
  assert.deepEqual(srv.state.parts, ['session-security-dialog.js']);
  assert.equal((await page.evaluate(() => window.warnings)).length, 1);
  assert.deepEqual(problems, []);
});

// The dialog's part unreachable (the server down at that moment, or a page
// from before an upgrade, which gets a 404) while `blocked` says so.
async function blockDialogPart(page) {
  const blocked = { on: true, asked: 0 };
  await page.route(/session-security-dialog\.js/, (route) => {
    blocked.asked++;
    return blocked.on ? route.abort('connectionrefused') : route.continue();
  });
  return blocked;
}
// (the console reports each refused request of the part; nothing else may go wrong)
const notAboutThePart = (problems) => problems.filter((p) => !/ERR_CONNECTION_REFUSED/.test(p));

test('parts: without the dialog\'s part the warning still fires and the sign-out comes on time', async (t) => {
  const { srv, page, problems } = await setup(t);
  const blocked = await blockDialogPart(page);
  const loaded = Date.now();
  await page.goto(`${srv.base}/page`);
  await page.waitForURL(/\/logout$/, { timeout: 8000 });
  const signedOutAfter = Date.now() - loaded;
  assert.ok(signedOutAfter >= 3500 && signedOutAfter < 7000, `signed out after ${signedOutAfter} ms`);
  assert.ok(blocked.asked >= 1, 'it asked for the dialog');
  assert.equal(srv.state.pings.filter((p) => p.idleFor >= 2).length >= 1, true, 'the warn ping went out');
  assert.deepEqual(notAboutThePart(problems), []);
});

test('parts: a dialog that could not be loaded is asked for again at the next warning', async (t) => {
  const { srv, page, problems } = await setup(t, { expire: 8, warn: 2 });
  const blocked = await blockDialogPart(page);
  await page.goto(`${srv.base}/page`);
  await page.waitForFunction(() => window.warnings.length === 1, null, { timeout: 5000 });
  await sleep(500);
  assert.equal(await isOpen(page), false, 'no dialog: its part could not be loaded');
  const askedAtFirst = blocked.asked;
  assert.ok(askedAtFirst >= 1);
  blocked.on = false;
  // activity: the next warning comes WarnAfter later, with a dialog
  await page.mouse.move(10, 10);
  await page.mouse.move(60, 40);
  await waitOpen(page, 5000);
  assert.ok(blocked.asked > askedAtFirst, 'asked again');
  assert.equal((await page.evaluate(() => window.warnings)).length, 2);
  assert.deepEqual(srv.state.parts, ['session-security-dialog.js'], 'loaded once it could be');
  assert.deepEqual(notAboutThePart(problems), []);
});

test('parts: a dialog\'s part that arrives after the user came back opens nothing; the next warning opens it', async (t) => {
  const { srv, page, problems } = await setup(t, { warn: 3, expire: 12 });
  let arrived = 0;
  await page.route(/session-security-dialog\.js/, async (route) => {
    await sleep(2500);
    await route.continue();
    arrived = Date.now();
  });
  await page.goto(`${srv.base}/page`);
  await page.evaluate(() => { // every moment the dialog is open, however short
    window.openSeen = 0;
    setInterval(() => {
      if (document.querySelector('session-security')?.shadowRoot?.querySelector('dialog')?.open) window.openSeen++;
    }, 10);
  });
  await page.waitForFunction(() => window.warnings.length === 1, null, { timeout: 6000 });
  // back at once, and working until well after the part has come
  const until = Date.now() + 4000;
  while (Date.now() < until) {
    await page.mouse.move(20 + Math.random() * 300, 20 + Math.random() * 300);
    await sleep(250);
  }
  assert.ok(arrived > 0, 'the part has arrived');
  assert.equal(await page.evaluate(() => window.openSeen), 0, 'no dialog for someone at work');
  assert.equal((await page.evaluate(() => window.warnings)).length, 1);
  await waitOpen(page, 5000); // idle again: the next warning, from the loaded part
  assert.deepEqual(srv.state.parts, ['session-security-dialog.js']);
  assert.deepEqual(problems, []);
});

// A mark whose ping or lock throws instead of answering (the Web Lock
// refused, as Chromium does where storage is denied; a page that replaced
// Promise.race, which the ping uses) is a failed ping: the tab's clock
// goes on and it signs out at its deadline (before, it stopped for good).
for (const [name, init] of [
  ['the Web Lock is refused', () => {
    navigator.locks.request = () => Promise.reject(new DOMException('denied', 'SecurityError'));
  }],
  ['the page replaced Promise.race', () => { Promise.race = undefined; }],
]) {
  test(`parts: when ${name}, the tab still signs out on time`, async (t) => {
    const { srv, page } = await setup(t, { expire: 5 });
    await page.addInitScript(init);
    const loaded = Date.now();
    await page.goto(`${srv.base}/page`);
    await page.waitForURL(/\/logout$/, { timeout: 9000 });
    const signedOutAfter = Date.now() - loaded;
    assert.ok(signedOutAfter >= 4500 && signedOutAfter < 7500, `signed out after ${signedOutAfter} ms`);
  });
}

// --- against the real httpd (tests/harness/serve.py, WarnAfter 2 s,
// ExpireAfter 4 s), with the policies below set by mod_headers on static
// pages (the module gives its tag a nonce and admits it in nonce policies).
const POLICIES = {
  'nonce.html': "default-src 'self'; script-src 'nonce-pageN0nce'; style-src 'self'",
  'strict-dynamic.html': "default-src 'none'; script-src 'nonce-pageN0nce' 'strict-dynamic'; connect-src 'self'",
  'self.html': "default-src 'none'; script-src 'self'; connect-src 'self'",
  'trusted-types.html': "default-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'",
};

async function startHttpd(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssec-parts-'));
  const conf = path.join(dir, 'extra.conf');
  fs.writeFileSync(conf, Object.entries(POLICIES).map(([name, policy]) =>
    `<Location /app/parts/${name}>\n  Header set Content-Security-Policy "${policy}"\n</Location>\n`).join(''));
  const server = spawn('/usr/bin/python3', [path.join(ROOT, 'tests/harness/serve.py'), '--warn-after', '2',
    '--expire-after', '4', '--logout-url', '/logout', '--extra-conf', conf],
  { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(async () => {
    await stopServe(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const info = await serveInfo(server);
  const pages = path.join(info.root, 'htdocs/app/parts');
  fs.mkdirSync(pages);
  for (const name of [...Object.keys(POLICIES), 'page.html']) {
    fs.writeFileSync(path.join(pages, name), '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
      + '<title>parts</title></head><body><p>A page</p></body></html>\n');
  }
  return info;
}

// A browser signed in through the login form, whose pages record CSP
// violations; `parts` lists the parts it asked for and their answers.
async function signedInPage(t, info) {
  const ctx = await browser.newContext();
  t.after(() => ctx.close());
  const problems = [];
  const parts = [];
  ctx.on('response', (r) => {
    if (/session-security-\w+\.js/.test(r.url())) parts.push(`${new URL(r.url()).pathname.split('/').pop()} ${r.status()}`);
  });
  await ctx.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = watch(await ctx.newPage(), problems);
  await page.goto(info.base_url);
  await page.locator('input[name=httpd_username]').fill(info.user);
  await page.locator('input[name=httpd_password]').fill(info.password);
  await Promise.all([page.waitForNavigation(), page.locator('input[name=httpd_password]').press('Enter')]);
  return { page, parts, problems };
}

test('parts (httpd): the dialog\'s part loads under nonce-only, strict-dynamic, self and Trusted Types policies', async (t) => {
  const info = await startHttpd(t);
  for (const name of Object.keys(POLICIES)) {
    const { page, parts, problems } = await signedInPage(t, info);
    const response = await page.goto(new URL(`/app/parts/${name}`, info.base_url).href);
    assert.ok(response.headers()['content-security-policy'].startsWith(POLICIES[name].split(';')[0]), name);
    await waitOpen(page, 5000);
    assert.deepEqual(parts, ['session-security-dialog.js 200'], name);
    assert.deepEqual(await page.evaluate(() => window.violations), [], name);
    assert.deepEqual(problems, [], name);
    await page.context().close();
  }
});

test('parts (httpd): a page whose tag is from before an upgrade runs this build\'s script, with its dialog', async (t) => {
  // The module serves its script under any ?v=; the script asks for the
  // parts it was built with, not for the tag's version.
  const info = await startHttpd(t);
  const { page, parts, problems } = await signedInPage(t, info);
  await page.route(/\/app\/parts\/page\.html$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/(session-security\.js\?v=)[0-9a-f]{16}/, '$10000000000000000');
    assert.match(html, /session-security\.js\?v=0{16}"/);
    await route.fulfill({ response, body: html });
  });
  await page.goto(new URL('/app/parts/page.html', info.base_url).href);
  await waitOpen(page, 5000);
  assert.deepEqual(parts, ['session-security-dialog.js 200']);
  await page.waitForURL(/\/signed-out/, { timeout: 6000 });
  assert.deepEqual(problems, []);
});

test('parts (httpd): a script of another build gets 404 for its dialog, and still signs out on time', async (t) => {
  // A page kept open across an upgrade: its script asks for the parts it was
  // built with, which this module no longer has (SSEC051).
  const info = await startHttpd(t);
  const { page, parts, problems } = await signedInPage(t, info);
  await page.route(/\/session_security\/session-security\.js\?/, async (route) => {
    const response = await route.fetch();
    const script = (await response.text()).replace(/\bv=[0-9a-f]{16}\b/, 'v=0000000000000000');
    await route.fulfill({ response, body: script });
  });
  const loaded = Date.now();
  await page.goto(new URL('/app/parts/page.html', info.base_url).href);
  await page.waitForFunction(() => window.sessionSecurity, null, { timeout: 3000 });
  await page.waitForURL(/\/signed-out/, { timeout: 7000 });
  const signedOutAfter = Date.now() - loaded;
  assert.ok(signedOutAfter >= 3500 && signedOutAfter < 6500, `signed out after ${signedOutAfter} ms`);
  assert.ok(parts.length >= 1 && parts.every((p) => p === 'session-security-dialog.js 404'), parts.join());
  assert.deepEqual(problems, []);
  const log = fs.readFileSync(path.join(info.root, 'error.log'), 'utf8');
  assert.match(log, /SSEC051: not serving session-security-dialog\.js: the client asked for version "v=0{16}"/);
});
