// Drafts (issue 12, part 1) in Chromium against the real httpd
// (tests/harness/serve.py, WarnAfter 2, ExpireAfter 4, KeepDrafts On): what
// was typed survives a sign-out for inactivity, encrypted in localStorage,
// and comes back only to the same user.
// Saves tests/browser/artifacts/draft-restored.png;
// UPDATE_DOCS_SCREENSHOT=1 also copies it to docs/draft-restored.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { ROOT, launch, watch, serveInfo } from './helpers.mjs';

const SERVE = path.join(ROOT, 'tests/harness/serve.py');
const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts');
const PAGE = '/app/drafts.php';
const OTHER = { user: 'other-user', password: 'other-password' };
const RESTORED = JSON.parse(fs.readFileSync(path.join(ROOT, 'js/i18n/en.json'), 'utf8')).restored;
let server, info, browser, tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ssec-drafts-'));
  fs.writeFileSync(path.join(tmp, 'secret'), 'drafts-test-secret-0123456789abcdef0123456789\n');
  fs.chmodSync(tmp, 0o755);
  fs.writeFileSync(path.join(tmp, 'extra.conf'), `SessionSecurityKeepDrafts On
SessionSecurityDraftSecret ${path.join(tmp, 'secret')}
SessionSecurityDraftLifetime 600
`);
  server = spawn('/usr/bin/python3', [SERVE, '--warn-after', '2', '--expire-after', '4',
    '--extra-conf', path.join(tmp, 'extra.conf')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  info = await serveInfo(server);
  // a second user of the application (AuthUserFile is read at each request)
  execFileSync('htpasswd', ['-b', '-B', path.join(info.root, 'htpasswd'), OTHER.user, OTHER.password],
    { stdio: 'ignore' });
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
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const url = (p) => new URL(p, info.base_url).href;

// Signs in through the login form the page shows (inline login: the form
// posts back to this URL) and waits for the client's key fetch to end.
async function signIn(page, who = info) {
  const user = page.locator('input[name=httpd_username]');
  await user.waitFor({ timeout: 9000 });
  await user.fill(who.user);
  await page.locator('input[name=httpd_password]').fill(who.password);
  const key = page.waitForResponse((r) => r.url().endsWith('/session_security/draft-key'));
  await Promise.all([page.waitForNavigation(), page.locator('input[name=httpd_password]').press('Enter')]);
  assert.equal(await page.locator('#user').textContent(), who.user);
  assert.equal((await key).status(), 200);
}

const TYPED = {
  subject: 'Quarterly figures über Zürich',
  body: 'Dear board, the confidential merger with Globex closes on Friday.',
  password: 'hunter2-Pa55word',
  otp: '918273',
  card: '4111111111111111',
  private: 'my private aside',
};

// The page loaded again by GET: a page that the login's POST answered
// would, reloaded by the client's sign-out, post the password again.
async function reopen(page) {
  const key = page.waitForResponse((r) => r.url().endsWith('/session_security/draft-key'));
  await page.goto(url(PAGE));
  assert.equal((await key).status(), 200);
}

async function typeEverything(page) {
  for (const [id, text] of Object.entries(TYPED)) {
    await page.locator(`#${id}`).fill(text);
  }
  await page.locator('#priority').selectOption('high');
  await page.locator('#urgent').check();
}

// Every way the typed text could sit in the storage in some encoding.
function encodings(text) {
  const utf8 = Buffer.from(text, 'utf8');
  const forms = [text, encodeURIComponent(text), escape(text), utf8.toString('hex'),
    Buffer.from(text, 'utf16le').toString('base64'), Buffer.from(text, 'utf16le').toString('hex')];
  // base64 of the text at each of the 3 alignments it could start at,
  // without the edge characters that depend on its neighbours
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    forms.push(b64.slice(4, -4), b64.slice(4, -4).replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms.filter((f) => f.length >= 6);
}

async function storage(page) {
  return page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
}

async function waitSignedOut(page) {
  // untouched: the client signs the tab out after ExpireAfter and reloads;
  // the server answers with its login form at the same URL
  await page.locator('input[name=httpd_username]').waitFor({ timeout: 12_000 });
}

test('typed work survives an inactivity sign-out, encrypted, and comes back to the same user', async () => {
  const context = await browser.newContext({ viewport: { width: 760, height: 620 } });
  const problems = [];
  try {
    const page = watch(await context.newPage(), problems);
    page.on('dialog', (d) => { problems.push(`dialog: ${d.type()} ${d.message()}`); d.dismiss(); });
    await page.goto(url(PAGE));
    await signIn(page);
    await reopen(page);
    assert.equal(await page.locator('#events').textContent(), '0');
    await typeEverything(page);
    await waitSignedOut(page);

    const stored = await storage(page);
    const drafts = Object.entries(stored).filter(([k]) => k.startsWith('session-security-draft:'));
    assert.equal(drafts.length, 1, JSON.stringify(stored));
    const [key, value] = drafts[0];
    assert.match(key, /^session-security-draft:[0-9a-f]{64}$/);
    const record = JSON.parse(value);
    assert.deepEqual(Object.keys(record).sort(), ['ct', 'expires', 'iv']);
    assert.equal(Buffer.from(record.iv, 'base64').length, 12);
    assert.ok(record.expires > Date.now() + 590_000 && record.expires < Date.now() + 601_000);
    const everything = JSON.stringify(stored);
    for (const text of [...Object.values(TYPED), 'subject', 'letter', 'Globex', 'confidential']) {
      for (const form of encodings(text)) {
        assert.ok(!everything.includes(form), `"${text}" found in the storage as ${form}`);
      }
    }

    await signIn(page);
    for (const id of ['subject', 'body']) {
      assert.equal(await page.locator(`#${id}`).inputValue(), TYPED[id], id);
    }
    assert.equal(await page.locator('#priority').inputValue(), 'high');
    assert.equal(await page.locator('#urgent').isChecked(), true);
    for (const id of ['password', 'otp', 'card', 'private']) {
      assert.equal(await page.locator(`#${id}`).inputValue(), '', `${id} is never kept`);
    }
    assert.equal(await page.locator('#token').inputValue(), 't0k3n');
    assert.equal(await page.locator('#events').textContent(), '8', 'input and change for each of 4 fields');
    const notice = page.locator('[role=status][data-session-security-notice]');
    await page.waitForFunction((text) => document.querySelector('[data-session-security-notice]')?.textContent === text,
      RESTORED, { timeout: 3000 });
    assert.equal(await notice.textContent(), RESTORED);
    assert.deepEqual(Object.keys(await storage(page)).filter((k) => k.startsWith('session-security-draft:')), [],
      'the draft is deleted once restored');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'draft-restored.png');
    await page.screenshot({ path: file });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') fs.copyFileSync(file, path.join(ROOT, 'docs/draft-restored.png'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('another user signing in on that browser sees nothing, and the draft is gone', async () => {
  const context = await browser.newContext();
  const problems = [];
  try {
    const page = watch(await context.newPage(), problems);
    page.on('dialog', (d) => { problems.push(`dialog: ${d.type()} ${d.message()}`); d.dismiss(); });
    await page.goto(url(PAGE));
    await signIn(page);
    await reopen(page);
    await typeEverything(page);
    await waitSignedOut(page);
    assert.equal(Object.keys(await storage(page)).filter((k) => k.startsWith('session-security-draft:')).length, 1);

    await signIn(page, OTHER);
    // the client fetched the other user's key and tried: wait for the deletion
    await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('session-security-draft:')),
      null, { timeout: 3000 });
    for (const id of Object.keys(TYPED)) {
      assert.equal(await page.locator(`#${id}`).inputValue(), '', id);
    }
    assert.equal(await page.locator('#events').textContent(), '0');
    assert.equal(await page.locator('[data-session-security-notice]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an expired draft is deleted at load, other storage is left alone', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url(PAGE));
    await signIn(page);
    await page.evaluate(() => {
      localStorage.setItem('session-security-draft:' + '0'.repeat(64),
        JSON.stringify({ iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA', expires: Date.now() - 1 }));
      localStorage.setItem('unrelated', 'kept');
    });
    await page.reload();
    const keys = Object.keys(await storage(page));
    assert.deepEqual(keys, ['unrelated']);
  } finally {
    await context.close();
  }
});
