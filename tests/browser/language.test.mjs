// The dialog in the page's language (issue 13 part 1) in a real Chromium
// against the real httpd (tests/harness/serve.py, WarnAfter 2, ExpireAfter
// 4): German and Arabic pages, a language without built-in texts, a
// `SessionSecurityText de title` override, and an English page that fetches
// no language file. Saves tests/browser/artifacts/dialog-de.png and
// dialog-ar.png; UPDATE_DOCS_SCREENSHOT=1 also copies them to docs/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, launch, watch, sleep, waitOpen, serveInfo } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts');
const I18N = path.join(ROOT, 'js/i18n');
const texts = (code) => JSON.parse(fs.readFileSync(path.join(I18N, `${code}.json`), 'utf8'));
const OVERRIDE = 'Gleich werden Sie abgemeldet';
let server, info, browser, confDir;

before(async () => {
  confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssec-language-'));
  const conf = path.join(confDir, 'extra.conf');
  fs.writeFileSync(conf, `<Location /app/de-override.html>\n  SessionSecurityText de title "${OVERRIDE}"\n</Location>\n`);
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

// A signed-in browser (English browser languages) that records the
// language files it asks for; opens `pagePath` and waits for the dialog.
async function dialogOn(t, pagePath, viewport = { width: 900, height: 560 }) {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  t.after(() => context.close());
  const problems = [];
  const languageFiles = [];
  context.on('request', (r) => { if (r.url().includes('/i18n/')) languageFiles.push(r.url()); });
  const page = watch(await context.newPage(), problems);
  await page.goto(info.base_url);
  await page.locator('input[name=httpd_username]').fill(info.user);
  await page.locator('input[name=httpd_password]').fill(info.password);
  await Promise.all([page.waitForNavigation(), page.locator('input[name=httpd_password]').press('Enter')]);
  await page.goto(new URL(pagePath, info.base_url).href);
  assert.equal(await page.locator('script[data-session-security]').count(), 1, `client on ${pagePath}`);
  await waitOpen(page);
  await sleep(300);
  const shown = await page.evaluate(() => {
    const d = document.querySelector('session-security').shadowRoot.querySelector('dialog');
    return {
      lang: d.lang, dir: d.dir, title: d.querySelector('h2').textContent,
      message: d.querySelector('#message').textContent,
      buttons: [...d.querySelectorAll('button')].filter((b) => !b.hidden).map((b) => b.textContent),
      countdown: d.querySelector('[aria-hidden=true]').textContent,
      box: d.querySelector('.box').getBoundingClientRect().toJSON(),
    };
  });
  return { page, shown, languageFiles, done: () => assert.deepEqual(problems, []) };
}

function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  return page.screenshot({ path: file }).then(() => {
    assert.ok(fs.statSync(file).size > 5000);
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') fs.copyFileSync(file, path.join(ROOT, 'docs', name));
  });
}

test('a German page shows the German dialog, its file fetched once beside the script with ?v=', async (t) => {
  const de = texts('de');
  const s = await dialogOn(t, '/app/de.html');
  assert.equal(s.shown.lang, 'de');
  assert.equal(s.shown.dir, 'ltr');
  assert.equal(s.shown.title, de.title);
  assert.equal(s.shown.message, de.message);
  assert.deepEqual(s.shown.buttons, [de.stay, de.signout]);
  assert.match(s.shown.countdown, /^Abmeldung in [12] Sekunden?\.$/);
  assert.equal(s.languageFiles.length, 1, s.languageFiles.join(' '));
  assert.match(s.languageFiles[0], /\/session_security\/i18n\/de\.json\?v=[0-9a-f]{16}$/);
  await screenshot(s.page, 'dialog-de.png');
  s.done();
});

test('an Arabic page shows the Arabic dialog right to left', async (t) => {
  const ar = texts('ar');
  const s = await dialogOn(t, '/app/ar.html');
  assert.equal(s.shown.lang, 'ar');
  assert.equal(s.shown.dir, 'rtl');
  assert.equal(s.shown.title, ar.title);
  assert.deepEqual(s.shown.buttons, [ar.stay, ar.signout]);
  // the first button ("stay") is at the right in right-to-left layout
  const [stayX, signOutX] = await s.page.evaluate(() => [...document.querySelector('session-security')
    .shadowRoot.querySelectorAll('button:not([hidden])')].map((b) => b.getBoundingClientRect().x));
  assert.ok(stayX > signOutX, `stay at ${stayX}, sign out at ${signOutX}`);
  await screenshot(s.page, 'dialog-ar.png');
  s.done();
});

test('a page in a language without built-in texts falls back to English (the browser\'s), no file fetched', async (t) => {
  const en = texts('en');
  const s = await dialogOn(t, '/app/unknown-language.html');
  assert.equal(s.shown.lang, 'en');
  assert.equal(s.shown.title, en.title);
  assert.deepEqual(s.shown.buttons, [en.stay, en.signout]);
  assert.deepEqual(s.languageFiles, []);
  s.done();
});

test('SessionSecurityText de title wins over the built-in German title; the other texts stay German', async (t) => {
  const de = texts('de');
  const s = await dialogOn(t, '/app/de-override.html');
  assert.equal(s.shown.lang, 'de');
  assert.equal(s.shown.title, OVERRIDE);
  assert.equal(s.shown.message, de.message);
  assert.deepEqual(s.shown.buttons, [de.stay, de.signout]);
  s.done();
});

test('an English page (the PHP app) shows the English dialog and fetches no language file', async (t) => {
  const en = texts('en');
  const s = await dialogOn(t, '/app/');
  assert.equal(s.shown.lang, 'en');
  assert.equal(s.shown.title, en.title);
  assert.match(s.shown.countdown, /^Signing out in [12] s\.$/);
  assert.deepEqual(s.languageFiles, []);
  s.done();
});
