// Third-party applications from Debian's packages (nagios4-cgi, cgit,
// phpsysinfo) in Chromium, behind the harness httpd (tests/harness/serve.py
// --apps: WarnAfter 2, ExpireAfter 4, no logout URL). For each: its page
// loads its own scripts and styles (no 4xx/5xx), the warning opens as a modal
// over the application's own CSS, axe-core finds no violation inside the
// dialog, and the tab is signed out (the login form replaces the app).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { ROOT, launch, watch, waitOpen, serveInfo, stopServe } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SERVE = path.join(ROOT, 'tests/harness/serve.py');

const APPS = [
  { name: 'nagios4-cgi', path: '/app/nagios4/cgi-bin/status.cgi?host=all',
    marker: 'Logged in as demo', style: /stylesheets\/status\.css$/ },
  { name: 'cgit', path: '/app/cgit/demo/', marker: 'Second commit', style: /cgit\.css$/ },
  { name: 'phpsysinfo', path: '/app/phpsysinfo/', marker: 'phpSysInfo', style: /\.css/ },
];

let server, info, browser;

before(async () => {
  server = spawn('/usr/bin/python3', [SERVE, '--apps', '--warn-after', '2', '--expire-after', '4'], {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'],
  });
  info = await serveInfo(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopServe(server);
});

async function signIn(page) {
  await page.goto(info.base_url);
  await page.locator('input[name=httpd_username]').fill(info.user);
  await page.locator('input[type=password]').fill(info.password);
  await Promise.all([page.waitForNavigation(), page.locator('input[type=password]').press('Enter')]);
  assert.equal(await page.locator('input[type=password]').count(), 0, 'signed in');
}

// The stylesheets of the page that the application applied, with their rule counts.
const ownStyles = (page) => page.evaluate(() => [...document.styleSheets]
  .filter((s) => s.href).map((s) => ({ href: s.href, rules: s.cssRules.length })));

for (const app of APPS) {
  test(`${app.name}: the warning opens over the app's own CSS, passes axe-core, and the tab is signed out`, async (t) => {
    const ctx = await browser.newContext();
    t.after(() => ctx.close());
    const problems = [];
    const page = watch(await ctx.newPage(), problems);
    await signIn(page);
    const origin = new URL(info.base_url).origin;
    // Until the sign-out (whose reload is answered 401 with the login form).
    const failed = [];
    let watching = true;
    page.on('response', (r) => {
      if (watching && r.url().startsWith(origin) && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => {
      if (watching && r.url().startsWith(origin)) failed.push(`failed ${r.url()}`);
    });
    await page.goto(new URL(app.path, origin).href, { waitUntil: 'load' });
    assert.ok((await page.locator('body').innerText()).includes(app.marker), `${app.name} page rendered`);
    assert.equal(await page.locator('script[data-session-security]').count(), 1, 'one client tag');
    const styles = await ownStyles(page);
    assert.ok(styles.some((s) => app.style.test(s.href) && s.rules > 0), JSON.stringify(styles));

    await waitOpen(page, 6000);
    watching = false;
    assert.deepEqual(failed, [], 'no 4xx/5xx from the app');
    const shown = await page.evaluate(() => {
      const host = document.querySelector('session-security');
      const d = host.shadowRoot.querySelector('dialog');
      const box = d.getBoundingClientRect();
      const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return {
        modal: d.matches(':modal'),
        topmost: top === host,
        visible: box.width > 100 && box.height > 50 && getComputedStyle(d).visibility === 'visible',
        inViewport: box.x >= 0 && box.y >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
      };
    });
    assert.deepEqual(shown, { modal: true, topmost: true, visible: true, inViewport: true });

    await page.evaluate(AXE);
    const axe = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document, { resultTypes: ['violations', 'passes'] });
      const inDialog = (node) => Array.isArray(node.target[0]) && /session-security/.test(node.target[0][0]);
      return {
        violations: result.violations.map((v) => ({ id: v.id, nodes: v.nodes.filter(inDialog).map((n) => n.target) }))
          .filter((v) => v.nodes.length),
        checkedInDialog: result.passes.filter((p) => p.nodes.some(inDialog)).map((p) => p.id),
      };
    });
    assert.deepEqual(axe.violations, [], JSON.stringify(axe.violations));
    assert.ok(axe.checkedInDialog.length >= 3, `axe looked inside the dialog: ${axe.checkedInDialog}`);
    t.diagnostic(`axe-core rules passed inside the dialog: ${axe.checkedInDialog.join(' ')}`);

    // No logout URL: at ExpireAfter the client reloads, the server shows its login form.
    await page.waitForSelector('input[type=password]', { timeout: 7000 });
    assert.ok(!(await page.locator('body').innerText()).includes(app.marker), 'the app is gone');
    assert.deepEqual(problems, []);
  });
}
