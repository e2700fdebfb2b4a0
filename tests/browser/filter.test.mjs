// Browser tests of the output filter (issue 10) against the real httpd of
// the integration harness with the policies of
// tests/harness/site/conf/csp.conf: the client runs under a nonce-based
// Content-Security-Policy however it was set (PHP header(), mod_headers
// from an environment variable, a fresh mod_unique_id nonce), with no
// violation, on pages mod_deflate compresses; and an XHTML page served as
// application/xhtml+xml by a CGI script still parses and runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawn } from 'node:child_process';
import {
  ROOT, clientRan, launch, serveInfo, signedInRecordingViolations, stopServe,
} from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const CONF = path.join(ROOT, 'tests/harness/site/conf/csp.conf');
let server, info, browser;

before(async () => {
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '50', '--expire-after', '100',
    '--extra-conf', CONF], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  info = await serveInfo(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopServe(server);
});

const signedIn = (t) => signedInRecordingViolations(browser, info, t);

for (const [name, p] of [
  ['PHP header()', '/app/csp/php/page.php'],
  ['Header set with a nonce from SetEnv', '/app/csp/env/page.php'],
  ['Header set with a fresh nonce from mod_unique_id', '/app/cgi/nonce.cgi'],
]) {
  test(`filter: the client runs under a nonce policy from ${name}, gzip-compressed, no violation`, async (t) => {
    const { page, problems } = await signedIn(t);
    const response = await page.goto(new URL(p, info.base_url).href);
    const headers = response.headers();
    assert.equal(response.status(), 200);
    assert.equal(headers['content-encoding'], 'gzip', 'mod_deflate compressed the page');
    assert.match(headers['content-security-policy'], /'nonce-[^']+' 'strict-dynamic'/);
    await clientRan(page);
    const state = await page.evaluate(() => ({
      app: window.appScriptRan === true,
      violations: window.violations,
      tagNonce: document.querySelector('script[data-session-security]')?.nonce,
    }));
    assert.equal(state.app, true, "the page's own nonce script ran");
    assert.deepEqual(state.violations, []);
    assert.ok(state.tagNonce && headers['content-security-policy'].includes(`'nonce-${state.tagNonce}'`),
      'the policy that reached the browser admits the nonce on the tag');
    assert.deepEqual(problems, []);
  });
}

test('filter: an XHTML page served as application/xhtml+xml parses and runs, and so does the client', async (t) => {
  const { page, problems } = await signedIn(t);
  const response = await page.goto(new URL('/app/cgi/xhtml.cgi', info.base_url).href);
  assert.match(response.headers()['content-type'], /^application\/xhtml\+xml/);
  const state = await page.evaluate(() => ({
    parseError: document.getElementsByTagName('parsererror').length,
    xml: document.contentType,
    app: window.appScriptRan === true,
    tags: document.querySelectorAll('script[data-session-security]').length,
  }));
  assert.equal(state.parseError, 0, 'no XML parse error');
  assert.equal(state.xml, 'application/xhtml+xml');
  assert.equal(state.app, true, "the page's own script ran");
  assert.equal(state.tags, 1);
  await clientRan(page);
  assert.deepEqual(problems, []);
});
