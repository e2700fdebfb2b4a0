// Per-location limits hold for the ping (issue 9, point 8), in Chromium
// against the real httpd: ExpireAfter 4 server-wide (WarnAfter 2), 8 in
// <Location /reports> (WarnAfter 6), 3 in <Location /strict> (WarnAfter 1).
// The tag's ping URL names the page (?page=...), so the tab's pings are
// judged with the limits of the page it shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, launch, watch, sleep, dialog, waitOpen, waitClosed, serveInfo, stopServe } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const CONF = `
Alias /reports/ @ROOT@/htdocs/
Alias /strict/ @ROOT@/htdocs/
<Location /reports>
  SessionSecurityWarnAfter 6
  SessionSecurityExpireAfter 8
</Location>
<Location /strict>
  SessionSecurityWarnAfter 1
  SessionSecurityExpireAfter 3
</Location>
`;
let server, info, browser, confDir;

before(async () => {
  confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssec-page-limits-'));
  const conf = path.join(confDir, 'extra.conf');
  fs.writeFileSync(conf, CONF);
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--extra-conf', conf], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  info = await serveInfo(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopServe(server);
  fs.rmSync(confDir, { recursive: true, force: true });
});

// A signed-in browser context showing `pagePath`; every ping answer is
// recorded as { t, url, body }.
async function openSignedIn(t, pagePath) {
  const ctx = await browser.newContext();
  t.after(() => ctx.close());
  const problems = [];
  const answers = [];
  ctx.on('response', async (r) => {
    if (!r.url().includes('/session_security/ping')) return;
    const t = Date.now();
    // A body still being read when the test closes the context is lost
    // (and must not become an unhandled rejection that fails the file).
    const body = await r.text().catch(() => null);
    if (body !== null) answers.push({ t, url: new URL(r.url()), body: body.trim() });
  });
  const login = watch(await ctx.newPage(), problems);
  await login.goto(info.base_url);
  const password = login.locator('input[type=password]');
  await login.locator('form input:not([type]), form input[type=text]').first().fill(info.user);
  await password.fill(info.password);
  await Promise.all([login.waitForNavigation(), password.press('Enter')]);
  await login.waitForSelector('script[data-session-security]', { state: 'attached', timeout: 10_000 });
  const page = watch(await ctx.newPage(), problems);
  await page.goto(new URL(pagePath, info.base_url).href);
  const loaded = Date.now();
  await login.close();
  const tag = await page.evaluate(() => {
    const el = document.querySelector('script[data-session-security]');
    return el && { ping: el.dataset.pingUrl, expire: el.dataset.expireAfter };
  });
  assert.ok(tag, 'the module inserted its tag');
  return { page, answers, loaded, tag, done: () => assert.deepEqual(problems, []) };
}

const appRuns = (page) => page.evaluate(async () => (await fetch('/app/cgi/hello.cgi')).status);

test('httpd: a reader idle past the server-wide limit on a lenient page is warned, not signed out, and stays signed in', async (t) => {
  const s = await openSignedIn(t, '/reports/index.html');
  assert.deepEqual(s.tag, { ping: '/session_security/ping?page=/reports/index.html', expire: '8' });
  await waitOpen(s.page, 9000); // WarnAfter 6 of /reports, past the server-wide ExpireAfter 4
  const warnPing = s.answers.at(-1);
  assert.equal(warnPing.url.searchParams.get('page'), '/reports/index.html');
  assert.ok(Number(warnPing.body) >= 5, `the warn ping was answered ${warnPing.body}, not "logout"`);
  await dialog(s.page).locator('button', { hasText: 'Stay signed in' }).click();
  await waitClosed(s.page, 2000);
  await sleep(300);
  const stay = s.answers.at(-1);
  assert.equal(stay.url.searchParams.get('idleFor'), '0');
  assert.equal(stay.url.searchParams.get('page'), '/reports/index.html');
  assert.equal(stay.body, '0');
  assert.equal(await appRuns(s.page), 200, 'the application still runs as the user');
  s.done();
});

test('httpd: a tab on a stricter page is signed out at its own limit by its own ping', async (t) => {
  const s = await openSignedIn(t, '/strict/index.html');
  assert.deepEqual(s.tag, { ping: '/session_security/ping?page=/strict/index.html', expire: '3' });
  // The tab's ping at its ExpireAfter (3 s), the first one answered after
  // 2.9 s: "logout", as the page's limit says (the ping location's 4 s
  // would have answered 3 and kept the session).
  const end = s.loaded + 6000;
  const expirePing = () => s.answers.find((a) => a.t - s.loaded >= 2900);
  while (!expirePing() && Date.now() < end) await sleep(50);
  const logout = expirePing();
  assert.ok(logout, `no ping after 2.9 s: ${JSON.stringify(s.answers.map((a) => a.body))}`);
  assert.equal(logout.body, '"logout"');
  const at = logout.t - s.loaded;
  assert.ok(at < 4000, `signed out by its ping ${at} ms after the page load`);
  assert.equal(logout.url.searchParams.get('page'), '/strict/index.html');
  assert.ok(Number(logout.url.searchParams.get('idleFor')) >= 2);
  await sleep(500);
  const status = await s.page.evaluate(async () => (await fetch('/session_security/ping')).text());
  assert.equal(status.trim(), '"logout"');
  s.done();
});
