// Unit tests of the pure logic of js/session-security.js (node --test tests/js/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ss = require('../../js/session-security.js');

const attrs = (map) => (name) => (name in map ? map[name] : null);
const T0 = 1_700_000_000_000; // a wall-clock time in ms

test('loading the file in node has no browser side effects and exports the logic', () => {
  for (const f of ['config', 'fmt', 'resolution', 'fresh', 'deadline', 'plan', 'idleFor', 'patience', 'parse',
    'absorb', 'signsOut', 'merge']) {
    assert.equal(typeof ss[f], 'function', f);
  }
  assert.equal(typeof globalThis.sessionSecurity, 'undefined');
});

test('config: defaults of the module (540/600, ping URL, English texts, form discard off)', () => {
  const c = ss.config(attrs({}));
  assert.equal(c.warn, 540);
  assert.equal(c.expire, 600);
  assert.equal(c.ping, '/session_security/ping');
  assert.equal(c.logout, null, 'no logout URL');
  assert.equal(c.confirm, null);
  assert.equal(c.text.stay, 'Stay signed in');
  assert.equal(c.text.signout, 'Sign out now');
  assert.match(c.text.countdown, /\{seconds\}/);
  assert.match(c.text.announce, /\{seconds\}/);
  assert.match(c.text['title-warning'], /\{seconds\}/);
  for (const k of ['title', 'message', 'countdown', 'stay', 'signout', 'announce', 'title-warning']) {
    assert.ok(c.text[k].length > 0, k);
  }
});

test('config: reads every data- attribute', () => {
  const c = ss.config(attrs({
    'warn-after': '2', 'expire-after': '4', 'ping-url': '/app/ping', 'logout-url': '/bye',
    'confirm-form-discard': 'Unsaved!', 'text-title': 'Titel', 'text-stay': 'Bleiben',
    'text-countdown': 'Noch {seconds} s',
  }));
  assert.deepEqual([c.warn, c.expire, c.ping, c.logout, c.confirm], [2, 4, '/app/ping', '/bye', 'Unsaved!']);
  assert.equal(c.text.title, 'Titel');
  assert.equal(c.text.stay, 'Bleiben');
  assert.equal(c.text.countdown, 'Noch {seconds} s');
  assert.equal(c.text.message, ss.TEXTS.message, 'unset texts keep the default');
});

test('config: an empty confirm-form-discard attribute still turns the question on', () => {
  assert.equal(ss.config(attrs({ 'confirm-form-discard': '' })).confirm, '');
});

test('config: bad numbers fall back to defaults, WarnAfter is kept below ExpireAfter', () => {
  let c = ss.config(attrs({ 'warn-after': 'abc', 'expire-after': '-5' }));
  assert.deepEqual([c.warn, c.expire], [540, 600]);
  c = ss.config(attrs({ 'warn-after': '1.5', 'expire-after': '0' }));
  assert.deepEqual([c.warn, c.expire], [540, 600]);
  c = ss.config(attrs({ 'warn-after': '700', 'expire-after': '600' }));
  assert.ok(c.warn < c.expire);
  c = ss.config(attrs({ 'warn-after': '5', 'expire-after': '5' }));
  assert.ok(c.warn < c.expire);
});

test('fmt: replaces every {seconds}, leaves other text alone', () => {
  assert.equal(ss.fmt('Signing out in {seconds} s.', 42), 'Signing out in 42 s.');
  assert.equal(ss.fmt('{seconds}/{seconds}', 3), '3/3');
  assert.equal(ss.fmt('no placeholder', 1), 'no placeholder');
  assert.equal(ss.fmt('<b>{seconds}</b> $& $1', 5), '<b>5</b> $& $1', 'no regex replacement patterns');
});

test('resolution: same as the server stamp throttle, max(1, min(60, expire/20))', () => {
  assert.equal(ss.resolution(4), 1);
  assert.equal(ss.resolution(600), 30);
  assert.equal(ss.resolution(3600), 60);
  assert.equal(ss.resolution(30), 1);
});

test('idleFor: whole seconds since the last activity, never negative', () => {
  const s = ss.fresh(T0, 600);
  assert.equal(ss.idleFor(s, T0), 0);
  assert.equal(ss.idleFor(s, T0 + 999), 0);
  assert.equal(ss.idleFor(s, T0 + 540_400), 540);
  assert.equal(ss.idleFor(s, T0 - 5000), 0);
});

test('plan: idle from a page load: wait for WarnAfter, then warn, then expire at ExpireAfter', () => {
  const s = ss.fresh(T0, 600);
  assert.deepEqual(ss.plan(s, T0, 540, 600), { at: T0 + 540_000 });
  assert.deepEqual(ss.plan(s, T0 + 539_999, 540, 600), { at: T0 + 540_000 });
  assert.deepEqual(ss.plan(s, T0 + 540_000, 540, 600), { act: 'warn', due: T0 + 540_000 });
  s.warned = s.last; // the warning was handled for this activity
  assert.deepEqual(ss.plan(s, T0 + 550_000, 540, 600), { at: T0 + 600_000 });
  assert.deepEqual(ss.plan(s, T0 + 600_000, 540, 600), { act: 'expire', due: T0 + 600_000 });
});

test('plan: waking from sleep far past ExpireAfter expires at once, even if never warned', () => {
  const s = ss.fresh(T0, 600);
  assert.equal(ss.plan(s, T0 + 3 * 3600_000, 540, 600).act, 'expire');
});

test('plan: activity moves both marks, counted from the activity', () => {
  const s = ss.fresh(T0, 600);
  s.last = T0 + 20_000;
  s.warned = T0; // the old warning does not count for the new activity
  assert.deepEqual(ss.plan(s, T0 + 100_000, 540, 600), { at: T0 + 560_000 });
  assert.equal(ss.plan(s, T0 + 560_000, 540, 600).act, 'warn');
  assert.equal(ss.deadline(s, 600), T0 + 620_000);
});

test('plan: a long activity without requests pings at least once per WarnAfter (keep-alive)', () => {
  // server stamp lower bound at the page load: T0 - 30 s (resolution)
  const s = ss.fresh(T0, 600);
  s.last = T0 + 100_000; // activity after 100 s: the warn ping (T0+640 s) would come after the
  //                         earliest server expiry (T0-30+600 s), so a keep-alive is due
  const p = ss.plan(s, T0 + 200_000, 540, 600);
  assert.deepEqual(p, { at: T0 + 510_000 });
  assert.deepEqual(ss.plan(s, T0 + 510_000, 540, 600), { act: 'sync', due: T0 + 510_000 });
  // the answer moves the server stamp bounds: nothing more until the next period
  ss.absorb(s, T0 + 510_000, T0 + 510_050, 410);
  assert.deepEqual(ss.plan(s, T0 + 510_100, 540, 600), { at: T0 + 640_000 });
});

test('plan: no keep-alive while the warn ping comes early enough', () => {
  const s = ss.fresh(T0, 600);
  s.last = T0 + 20_000; // warn ping at T0+560 s, before the earliest server expiry T0+570 s
  assert.deepEqual(ss.plan(s, T0 + 21_000, 540, 600), { at: T0 + 560_000 });
});

test('plan: a failed keep-alive is retried later, not in a loop', () => {
  const s = ss.fresh(T0, 4);
  s.last = T0 + 1500;
  assert.equal(ss.plan(s, T0 + 1600, 2, 4).act, 'sync');
  s.retry = T0 + 2600;
  assert.deepEqual(ss.plan(s, T0 + 1600, 2, 4), { at: T0 + 2600 });
  assert.equal(ss.plan(s, T0 + 2600, 2, 4).act, 'sync');
});

test('plan: short timeouts of the browser tests (2/4 s): idle tabs ping only at the two marks', () => {
  const s = ss.fresh(T0, 4);
  assert.deepEqual(ss.plan(s, T0, 2, 4), { at: T0 + 2000 });
  assert.equal(ss.plan(s, T0 + 2000, 2, 4).act, 'warn');
});

test('parse: ping answers (SPEC 5)', () => {
  assert.equal(ss.parse(200, '5'), 5);
  assert.equal(ss.parse(200, '0'), 0);
  assert.equal(ss.parse(200, ' 12\n'), 12);
  assert.equal(ss.parse(200, '"logout"'), 'logout');
  assert.equal(ss.parse(401, '{"error":"signed out"}'), 'logout');
  assert.equal(ss.parse(200, '<!doctype html><form>login</form>'), null, 'a login page is a failure');
  assert.equal(ss.parse(200, ''), null);
  assert.equal(ss.parse(200, '"5"'), null);
  assert.equal(ss.parse(200, '-3'), null);
  assert.equal(ss.parse(200, '{"idle":5}'), null);
  assert.equal(ss.parse(500, '5'), null);
  assert.equal(ss.parse(302, ''), null);
  assert.equal(ss.parse(400, 'bad idleFor'), null);
});

test('absorb: the server agreeing (within rounding) is not activity elsewhere', () => {
  const s = ss.fresh(T0, 600);
  // warn ping sent at T0+540.0 s with idleFor=540, answered 540 at T0+540.05 s
  ss.absorb(s, T0 + 540_000, T0 + 540_050, 540);
  assert.equal(s.last, T0);
  assert.equal(s.hi, T0 + 50);
  assert.equal(s.lo, T0 - 1000, 'the better (later) lower bound');
  assert.equal(ss.deadline(s, 600), T0 + 600_050, 'expiry ping finds the server expired');
  // rounding of whole seconds: one second less
  ss.absorb(s, T0 + 540_000, T0 + 540_050, 539);
  assert.equal(s.last, T0);
  assert.equal(ss.deadline(s, 600), T0 + 601_050);
});

test('absorb: a server stamp clearly later than our last activity is activity elsewhere', () => {
  const s = ss.fresh(T0, 600);
  ss.absorb(s, T0 + 540_000, T0 + 540_100, 200); // someone was active 200 s ago
  assert.equal(s.last, T0 + 340_100);
  assert.equal(ss.plan(s, T0 + 540_200, 540, 600).at, T0 + 880_100);
});

test('absorb: the expiry retry when the server is still a second short of expired', () => {
  const s = ss.fresh(T0, 4);
  s.warned = s.last;
  ss.absorb(s, T0 + 4000, T0 + 4020, 3);
  const p = ss.plan(s, T0 + 4030, 2, 4);
  assert.deepEqual(p, { at: T0 + 5020 });
  assert.equal(ss.plan(s, T0 + 5020, 2, 4).act, 'expire');
});

test('plan: a wall clock set back does not suppress the next warning', () => {
  const s = ss.fresh(T0, 600);
  s.warned = s.last; // warned for the activity at T0
  s.last = T0 - 3600_000; // then the clock went back an hour and the user was active
  assert.deepEqual(ss.plan(s, T0 - 3600_000 + 540_000, 540, 600), { act: 'warn', due: T0 - 3600_000 + 540_000 });
});

test('patience: a ping may wait until the local deadline, at least 1 s and at most 10 s', () => {
  const s = ss.fresh(T0, 4); // deadline T0 + 4 s
  assert.equal(ss.patience(s, T0 + 2000, 4), 2000, 'warn ping: until the deadline');
  assert.equal(ss.patience(s, T0 + 3900, 4), 1000, 'just before the deadline: the floor');
  assert.equal(ss.patience(s, T0 + 3000, 4), 1000);
  assert.equal(ss.patience(s, T0 + 4000, 4), 1000, 'expire ping');
  assert.equal(ss.patience(s, T0 + 60_000, 4), 1000, 'long past the deadline');
  const d = ss.fresh(T0, 600);
  assert.equal(ss.patience(d, T0 + 540_000, 600), 10_000, 'never more than 10 s');
  assert.equal(ss.patience(d, T0 + 595_000, 600), 5000);
});

test('patience and signsOut: a ping that never answers never keeps a tab more than 1 s past its deadline', () => {
  const s = ss.fresh(T0, 4);
  const end = ss.deadline(s, 4);
  // any ping, started at any time before or after the deadline, times out, and the failure
  // signs out as soon as it is past the deadline; the next (expire) ping starts at the deadline
  for (let t0 = T0; t0 <= end + 3000; t0 += 50) {
    const t1 = t0 + ss.patience(s, t0, 4);
    if (t1 >= end) {
      assert.equal(ss.signsOut(s, null, t1, 4), true, `ping at ${t0 - T0}`);
      assert.ok(t1 <= Math.max(end, t0) + 1000, `ping at ${t0 - T0} ends ${t1 - end} ms past the deadline`);
    } else {
      assert.equal(ss.signsOut(s, null, t1, 4), false);
    }
  }
});

test('signsOut: "logout", a confirmed idle time of ExpireAfter or more, or a failure past the deadline', () => {
  const s = ss.fresh(T0, 4); // deadline T0 + 4 s
  assert.equal(ss.signsOut(s, 'logout', T0 + 2000, 4), true);
  assert.equal(ss.signsOut(s, 4, T0 + 4000, 4), true, 'the server confirms the idle time (django-session-security)');
  assert.equal(ss.signsOut(s, 7, T0 + 2000, 4), true);
  assert.equal(ss.signsOut(s, 3, T0 + 4000, 4), false, 'the server is not expired yet');
  assert.equal(ss.signsOut(s, 0, T0 + 4000, 4), false);
  assert.equal(ss.signsOut(s, null, T0 + 2000, 4), false, 'a failed warn ping: warn, do not sign out');
  assert.equal(ss.signsOut(s, null, T0 + 3999, 4), false);
  assert.equal(ss.signsOut(s, null, T0 + 4000, 4), true, 'a failed ping past the deadline');
});

// A model of the client's loop (check() in the browser part): follow the plan,
// answer each mark's ping with answer(idleFor, t0), stop when signsOut says so.
function drive(s, W, E, answer, limit = 50) {
  let t = s.last, pings = 0, shown = false;
  for (let i = 0; i < limit; i++) {
    const p = ss.plan(s, t, W, E);
    if (!p.act) {
      t = p.at;
      continue;
    }
    if (p.act === 'warn') s.warned = s.last;
    const t0 = t, v = answer(ss.idleFor(s, t0), t0);
    pings++;
    t += 20;
    if (typeof v === 'number') ss.absorb(s, t0, t, v);
    s.pong = { t0, v };
    if (ss.signsOut(s, v, t, E)) return { out: t, pings, shown };
    if (v === null && p.act === 'sync') s.retry = t + Math.max(1000, W * 250);
    if (p.act === 'warn' && t >= s.last + W * 1000) shown = true;
  }
  return { out: null, pings, shown };
}

test('model: a server that confirms the idle time (answers idleFor) signs the tab out at the expire mark', () => {
  const s = ss.fresh(T0, 4);
  const r = drive(s, 2, 4, (idle) => idle);
  assert.equal(r.pings, 2, 'the warn and the expire ping, no loop');
  assert.equal(r.shown, true);
  assert.ok(r.out >= T0 + 4000 && r.out < T0 + 4100, `out at ${r.out - T0}`);
});

test('model: a server answering ExpireAfter or more at the warn mark signs out at once', () => {
  const s = ss.fresh(T0, 600);
  const r = drive(s, 540, 600, () => 600);
  assert.deepEqual([r.pings, r.shown], [1, false]);
});

test('model: the module (whole-second stamp, "logout" once expired) signs out at the expire mark', () => {
  for (const frac of [0, 1, 300, 600, 999]) {
    const s = ss.fresh(T0 + frac, 4);
    let stamp = Math.floor((T0 + frac) / 1000); // the server's stamp: whole seconds
    const r = drive(s, 2, 4, (idleFor, t0) => {
      const now = Math.floor(t0 / 1000);
      if (now - stamp >= 4) return 'logout';
      if (idleFor < now - stamp) stamp = now - idleFor;
      return now - stamp;
    });
    assert.equal(r.shown, true);
    assert.ok(r.out !== null && r.pings <= 3, `${frac}: ${JSON.stringify(r)}`);
    assert.ok(r.out - (T0 + frac) <= 5100, `${frac}: out after ${r.out - (T0 + frac)} ms`);
  }
});

test('model: a keep-alive answered with an old idle time does not ping in a loop (WarnAfter near ExpireAfter)', () => {
  const s = ss.fresh(T0, 10); // keep-alive due one WarnAfter after the stamp's lower bound, T0 - 1 s
  const r = drive(s, 9, 10, (idle) => idle);
  assert.ok(r.out !== null && r.pings <= 4, JSON.stringify(r));
});

test('merge: another tab\'s state: latest activity and server bounds win, newest answer kept', () => {
  const s = ss.fresh(T0, 600);
  s.pong = { t0: T0 + 5, v: 3 };
  ss.merge(s, { last: T0 + 1000, lo: T0 - 60_000, hi: T0 + 900, pong: { t0: T0 + 1, v: 9 } });
  assert.equal(s.last, T0 + 1000);
  assert.equal(s.lo, T0 - 30_000);
  assert.equal(s.hi, T0 + 900);
  assert.deepEqual(s.pong, { t0: T0 + 5, v: 3 });
  ss.merge(s, { last: T0, pong: { t0: T0 + 10, v: 'logout' } });
  assert.equal(s.last, T0 + 1000, 'an older activity never moves last back');
  assert.deepEqual(s.pong, { t0: T0 + 10, v: 'logout' });
  ss.merge(s, {});
  assert.equal(s.last, T0 + 1000);
});

test('the file stays small (target: under 4 KB gzipped)', async () => {
  const fs = await import('node:fs');
  const zlib = await import('node:zlib');
  const size = zlib.gzipSync(fs.readFileSync(new URL('../../js/session-security.js', import.meta.url)), { level: 9 }).length;
  assert.ok(size < 4096, `${size} bytes gzipped`);
});

test('the client uses no eval, no inline code, no innerHTML and no dependencies', async () => {
  const fs = await import('node:fs');
  const src = fs.readFileSync(new URL('../../js/session-security.js', import.meta.url), 'utf8');
  assert.doesNotMatch(src, /\beval\s*\(|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\bimport\b|require\(/);
  assert.doesNotMatch(src, /setTimeout\(\s*['"`]/, 'no string timers');
  assert.doesNotMatch(src, /onbeforeunload\s*=/, 'never replaces the page\'s own handler');
});
