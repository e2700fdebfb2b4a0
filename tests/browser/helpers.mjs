// Shared helpers of the browser tests: Debian's chromium driven by
// playwright-core, and a small fake server that behaves like the module
// (SPEC 4 and 5) so the client can be tested precisely (ping counts, timing).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_JS = path.join(ROOT, 'js/session-security.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * The JSON line tests/harness/serve.py prints once its httpd is up (port,
 * user, password, ...); rejects if it prints nothing in 60 s or exits.
 */
export function serveInfo(server) {
  const lines = readline.createInterface({ input: server.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve.py printed nothing in 60 s')), 60_000);
    lines.once('line', (line) => { clearTimeout(timer); resolve(JSON.parse(line)); });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.py exited with ${code}`)); });
  });
}

/** Stops serve.py (end of its stdin), killing it if it is not gone in 5 s. */
export async function stopServe(server) {
  if (!server || server.exitCode !== null) return;
  server.stdin.end();
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const timer = setTimeout(() => server.kill('SIGTERM'), 5000);
  await exited;
  clearTimeout(timer);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// bfcache: true keeps the back-forward cache, which playwright otherwise
// disables (--disable-back-forward-cache).
export async function launch({ bfcache = false } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...(bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Every page of a test goes through watch(): uncaught page errors and CSP
// violations are collected, and the test asserts none happened.
export function watch(page, problems) {
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && /Content Security Policy|Refused/i.test(text)) {
      problems.push(`csp: ${text}`);
    }
  });
  return page;
}

const escapeAttr = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// The tag as the module's output filter writes it (docs/DESIGN.md).
export function scriptTag(o) {
  const attrs = {
    'data-warn-after': o.warn,
    'data-expire-after': o.expire,
    'data-ping-url': o.pingUrl || '/session_security/ping',
    ...(o.logout ? { 'data-logout-url': o.logout } : {}),
    ...(o.confirm != null ? { 'data-confirm-form-discard': o.confirm } : {}),
    ...(o.texts || {}),
  };
  const list = Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  const nonce = o.nonce ? ` nonce="${o.nonce}"` : '';
  return `<script src="/session_security/session-security.js?v=test" defer="defer" data-session-security=""${list}${nonce}></script>`;
}

function pageHtml(title, tag) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>${tag}</head>
<body>
<h1>${title}</h1>
<p>Signed in as alice. <a id="other" href="/other">another page</a></p>
<form id="f" method="post" action="/submit">
  <label>Name <input id="name" name="name"></label>
  <label>Notes <textarea id="notes" name="notes"></textarea></label>
  <button id="save" type="submit">Save</button>
</form>
<p>Lorem ipsum.</p>
</body></html>`;
}

// An application serving XHTML as XML: one ill-formed byte and the browser
// shows a parse error instead of the page.
function xhtmlPage(tag) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>XHTML</title>${tag}</head>
<body><h1 id="h">XHTML</h1><p><a id="other" href="/other">another page</a></p></body></html>`;
}

// A fake of the module: one session for the whole server (one browser
// context per test). Stamps in whole seconds, like the module.
// opts: warn, expire, logout ('/logout' or null), confirm (text or null),
//       pingDelay (ms), pingStatus (force an answer status), pingUrl (the
//       tag's data-ping-url). The tag is always the XML-well-formed one the
//       module writes (defer="defer" data-session-security="").
export async function fakeServer(opts = {}) {
  const o = { warn: 2, expire: 4, logout: '/logout', confirm: null, ...opts };
  const sec = () => Math.floor(Date.now() / 1000);
  const resolution = Math.max(1, Math.min(60, Math.floor(o.expire / 20)));
  const state = { signedIn: true, stamp: sec(), pings: [], pages: [], parts: [], expired: 0 };
  const js = fs.readFileSync(CLIENT_JS);

  // Judges the session like the activity hook: expired -> cleared.
  const expired = () => {
    if (state.signedIn && sec() - state.stamp >= o.expire) {
      state.signedIn = false;
      state.expired++;
    }
    return !state.signedIn;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    };
    if (url.pathname === '/session_security/session-security.js') {
      return send(200, 'text/javascript', js, { 'Cache-Control': 'max-age=60' });
    }
    // the parts the script loads when a page needs them (the dialog...)
    const part = url.pathname.match(/^\/session_security\/(session-security-(?:dialog|language|drafts)\.js)$/);
    if (part) {
      state.parts.push(part[1]);
      return send(200, 'text/javascript', fs.readFileSync(path.join(ROOT, 'js', part[1])),
        { 'Cache-Control': 'max-age=60' });
    }
    if (url.pathname === '/session_security/ping') {
      const idleFor = url.searchParams.get('idleFor');
      const entry = { t: Date.now(), idleFor: idleFor === null ? null : +idleFor, answer: null, query: url.search };
      state.pings.push(entry);
      const answer = () => {
        if (o.pingStatus) {
          entry.answer = o.pingStatus;
          return send(o.pingStatus, 'text/html', '<html>broken</html>');
        }
        if (expired()) {
          entry.answer = 'logout';
          return send(200, 'application/json', '"logout"');
        }
        let idle = sec() - state.stamp;
        if (idleFor !== null && +idleFor < idle) {
          state.stamp = sec() - +idleFor;
          idle = +idleFor;
        }
        entry.answer = idle;
        send(200, 'application/json', String(idle));
      };
      return o.pingDelay ? setTimeout(answer, o.pingDelay) : answer();
    }
    if (url.pathname === '/logout') {
      state.signedIn = false;
      return send(200, 'text/html', '<!doctype html><title>Signed out</title><h1>Signed out</h1>');
    }
    if (url.pathname === '/login') {
      state.signedIn = true;
      state.stamp = sec();
      return send(302, 'text/html', '', { Location: '/page' });
    }
    if (url.pathname === '/favicon.ico') return send(404, 'text/plain', '');
    // Any other path is a protected HTML page.
    state.pages.push({ t: Date.now(), path: url.pathname });
    if (expired()) {
      if (o.logout) return send(302, 'text/html', '', { Location: o.logout });
      return send(200, 'text/html', '<!doctype html><title>Login</title><h1>Please sign in</h1>');
    }
    if (sec() - state.stamp >= resolution) state.stamp = sec();
    const headers = {};
    let nonce = null;
    if (url.pathname === '/csp') {
      headers['Content-Security-Policy'] = "default-src 'self'; script-src 'self'; style-src 'self'";
    } else if (url.pathname === '/nonce') {
      nonce = 'r4nd0mN0nce';
      headers['Content-Security-Policy'] = `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'`;
    }
    const tag = scriptTag({ ...o, nonce });
    if (url.pathname === '/xhtml') {
      return send(200, 'application/xhtml+xml; charset=utf-8', xhtmlPage(tag), headers);
    }
    send(200, 'text/html; charset=utf-8', pageHtml(`Page ${url.pathname}`, tag), headers);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    state,
    opts: o,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// The dialog lives in an open shadow root; playwright's CSS engine pierces it.
export const dialog = (page) => page.locator('session-security dialog[role=alertdialog]');
export const isOpen = (page) =>
  page.evaluate(() => !!document.querySelector('session-security')?.shadowRoot?.querySelector('dialog')?.open);
export const waitOpen = (page, timeout = 6000) =>
  page.waitForFunction(() => document.querySelector('session-security')?.shadowRoot?.querySelector('dialog')?.open,
    null, { timeout, polling: 50 });
export const waitClosed = (page, timeout = 6000) =>
  page.waitForFunction(() => !document.querySelector('session-security')?.shadowRoot?.querySelector('dialog')?.open,
    null, { timeout, polling: 50 });
export const countdown = (page) =>
  page.evaluate(() => document.querySelector('session-security').shadowRoot.querySelector('p[aria-hidden]').textContent);

/**
 * A browser context signed in through the harness's login form (`info`:
 * serve.py's line), whose pages record CSP violations
 * (securitypolicyviolation events) in window.violations; console CSP errors
 * and page errors go to `problems` (watch()). Closed after the test.
 */
export async function signedInRecordingViolations(browser, info, t) {
  const ctx = await browser.newContext();
  t.after(() => ctx.close());
  await ctx.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const problems = [];
  const page = watch(await ctx.newPage(), problems);
  await page.goto(info.base_url);
  await page.locator('input[type=password]').fill(info.password);
  await page.locator('form input:not([type]), form input[type=text]').first().fill(info.user);
  await Promise.all([page.waitForNavigation(), page.locator('input[type=password]').press('Enter')]);
  if (await page.locator('input[type=password]').count() !== 0) throw new Error('not signed in');
  return { page, problems };
}

/** The client has run: its API exists. */
export const clientRan = (page) => page.waitForFunction(
  () => typeof window.sessionSecurity?.activity === 'function', null, { timeout: 5000 });
