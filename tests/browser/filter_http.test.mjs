// Browser tests of what tests/integration/test_filter_http.py found at the
// HTTP level, in Debian's Chromium against the real httpd of the harness:
// a page whose Content-Security-Policy is in a <meta> element runs the
// client (the tag carries the policy's nonce) with no violation, and an
// XHTML page served as application/xhtml+xml with a self-closed <script/>
// gets the client, parses and runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawn } from 'node:child_process';
import {
  ROOT, clientRan, launch, serveInfo, signedInRecordingViolations, stopServe,
} from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
let server, info, browser;

before(async () => {
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '50', '--expire-after', '100'],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  info = await serveInfo(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopServe(server);
});

const signedIn = (t) => signedInRecordingViolations(browser, info, t);

test('filter: a page with its policy in a <meta> element runs the client, no violation', async (t) => {
  const { page, problems } = await signedIn(t);
  const response = await page.goto(new URL('/app/cgi/meta-csp.cgi', info.base_url).href);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-security-policy'], undefined);
  await clientRan(page);
  const state = await page.evaluate(() => ({
    app: window.appScriptRan === true,
    violations: window.violations,
    tagNonce: document.querySelector('script[data-session-security]')?.nonce,
  }));
  assert.equal(state.app, true, "the page's own nonce script ran");
  assert.equal(state.tagNonce, 'M3taN0nce');
  assert.deepEqual(state.violations, []);
  assert.deepEqual(problems, []);
});

test('filter: XHTML with a self-closed <script/> gets the client, parses and runs', async (t) => {
  const { page, problems } = await signedIn(t);
  const response = await page.goto(new URL('/app/cgi/xhtml-selfclosed.cgi', info.base_url).href);
  assert.match(response.headers()['content-type'], /^application\/xhtml\+xml/);
  await clientRan(page);
  const state = await page.evaluate(() => ({
    parseError: document.getElementsByTagName('parsererror').length,
    xml: document.contentType,
    app: window.appScriptRan === true,
    tags: document.querySelectorAll('script[data-session-security]').length,
    inHead: document.querySelector('script[data-session-security]')?.parentNode?.localName,
  }));
  assert.equal(state.parseError, 0, 'no XML parse error');
  assert.equal(state.xml, 'application/xhtml+xml');
  assert.equal(state.app, true, "the page's own script ran");
  assert.equal(state.tags, 1);
  assert.equal(state.inHead, 'head');
  assert.deepEqual(problems, []);
});
