// The demo's signed-out notice in a real Chromium against the real httpd
// (tests/harness/serve.py, WarnAfter 2, ExpireAfter 4, LogoutURL /logout):
// a tab left alone is signed out by the client and lands on the page that
// says why; a tab signed out with "Sign out now" lands on the plain one.
// Saves tests/browser/artifacts/signed-out-notice.png;
// UPDATE_DOCS_SCREENSHOT=1 also copies it to docs/signed-out-notice.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, launch, serveInfo } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts');
let server, info, browser;

before(async () => {
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--logout-url', '/logout'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
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
});

async function signIn(context) {
  const page = await context.newPage();
  await page.goto(info.base_url);
  await page.locator('input[name=httpd_username]').fill(info.user);
  await page.locator('input[name=httpd_password]').fill(info.password);
  await Promise.all([page.waitForNavigation(), page.locator('input[name=httpd_password]').press('Enter')]);
  assert.equal(await page.locator('script[data-session-security]').count(), 1, 'signed in, client inserted');
  return page;
}

test('a tab signed out for inactivity lands on the notice; "Sign out now" on the plain page', async () => {
  const context = await browser.newContext({ viewport: { width: 760, height: 420 } });
  try {
    const idle = await signIn(context);
    await idle.waitForURL(/\/signed-out\.shtml$/, { timeout: 9000 });
    const notice = idle.locator('#expired');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('role'), 'status');
    assert.match(await notice.textContent(), /no activity/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'signed-out-notice.png');
    await idle.screenshot({ path: file });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      fs.copyFileSync(file, path.join(ROOT, 'docs/signed-out-notice.png'));
    }
    // reloaded, it is an ordinary visit
    await idle.reload();
    assert.equal(await idle.locator('#expired').count(), 0);
    assert.equal(await idle.locator('#signed-out').count(), 1);
  } finally {
    await context.close();
  }

  const other = await browser.newContext();
  try {
    const page = await signIn(other);
    await page.locator('body').press('Tab'); // activity: the warning waits
    await page.waitForFunction(() => document.querySelector('session-security')?.shadowRoot
      ?.querySelector('dialog')?.open, null, { timeout: 6000 });
    const signOut = page.locator('session-security').locator('button', { hasText: 'Sign out now' });
    await Promise.all([page.waitForURL(/\/signed-out\.shtml$/, { timeout: 5000 }), signOut.click()]);
    assert.equal(await page.locator('#expired').count(), 0, 'no inactivity notice');
    assert.equal(await page.locator('#signed-out').count(), 1);
  } finally {
    await other.close();
  }
});
