// Unit tests of the warning before SessionSecurityMaxLifetime (issue 12
// part 2): the plan of a tab whose tag carries data-lifetime-left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ss from '../../js/src/activity-clock.js';
import { readConfig } from '../../js/src/config.js';

const T0 = 1_700_000_000_000;
const attrs = (map) => (name) => (name in map ? map[name] : null);
// The browser test's timings: WarnAfter 2, ExpireAfter 4, MaxLifetime 8 s.
const W = 2, E = 4, END = T0 + 8000;
const known = (at) => ({ activeAt: at, stampMin: at, stampMax: at }); // the server agrees

test('config: data-lifetime-left in whole seconds, -1 without it or when malformed', () => {
  assert.equal(readConfig(attrs({ 'lifetime-left': '7' })).lifetimeLeft, 7);
  assert.equal(readConfig(attrs({ 'lifetime-left': '0' })).lifetimeLeft, 0);
  assert.equal(readConfig(attrs({})).lifetimeLeft, -1);
  assert.equal(readConfig(attrs({ 'lifetime-left': '-3' })).lifetimeLeft, -1);
  assert.equal(readConfig(attrs({ 'lifetime-left': '2.5' })).lifetimeLeft, -1);
});

test('lifetimeWarnMark: the lead time of the idle warning, ExpireAfter - WarnAfter', () => {
  assert.equal(ss.lifetimeWarnMark(END, W, E), T0 + 6000);
  assert.equal(ss.lifetimeWarnMark(T0 + 8 * 3600_000, 540, 600), T0 + 8 * 3600_000 - 60_000);
});

test('plan: a user who keeps active is warned 2 s before the lifetime ends, then the end; never the idle warning', () => {
  const s = known(T0 + 5000); // active at 5 s: the idle deadline (9 s) is after the lifetime's end
  assert.deepEqual(ss.planNextMark(s, T0 + 5000, W, E, END), { wakeAt: T0 + 6000 });
  assert.deepEqual(ss.planNextMark(s, T0 + 6000, W, E, END), { action: 'lifetime-warn', markAt: T0 + 6000 });
  s.lifetimeWarned = true;
  assert.deepEqual(ss.planNextMark(s, T0 + 6000, W, E, END), { wakeAt: END });
  // 7 s is this activity's idle warn mark: no idle warning, the lifetime comes first
  assert.deepEqual(ss.planNextMark(s, T0 + 7000, W, E, END), { wakeAt: END });
  Object.assign(s, known(T0 + 7500), { lifetimeWarned: true }); // more activity moves nothing
  assert.deepEqual(ss.planNextMark(s, T0 + 7500, W, E, END), { wakeAt: END });
  assert.deepEqual(ss.planNextMark(s, END, W, E, END), { action: 'lifetime-end', markAt: END });
  assert.deepEqual(ss.planNextMark(s, END + 60_000, W, E, END), { action: 'lifetime-end', markAt: END });
});

test('plan: the lifetime warning comes at once to a page loaded within its lead time', () => {
  const s = known(T0 + 7000);
  assert.deepEqual(ss.planNextMark(s, T0 + 7000, W, E, END), { action: 'lifetime-warn', markAt: T0 + 6000 });
});

test('plan: an idle user whose idle deadline comes first gets the idle warning and expiry, as without a lifetime', () => {
  const s = known(T0);
  for (const now of [T0, T0 + 1999, T0 + 2000, T0 + 4000]) {
    assert.deepEqual(ss.planNextMark(s, now, W, E, END), ss.planNextMark(s, now, W, E), `at ${now - T0} ms`);
  }
  assert.equal(ss.planNextMark(s, T0 + 2000, W, E, END).action, 'warn');
  assert.equal(ss.planNextMark(s, T0 + 4000, W, E, END).action, 'expire');
});

test('plan: without a lifetime (Infinity) nothing changes', () => {
  const s = known(T0);
  for (const now of [T0, T0 + 540_000, T0 + 600_000]) {
    assert.deepEqual(ss.planNextMark(s, now, 540, 600, Infinity), ss.planNextMark(s, now, 540, 600));
  }
});

test('plan: the keep-alive still tells the server of work before the lifetime\'s warning', () => {
  // active at 5 s, the server last heard of the page load at 0
  const s = { activeAt: T0 + 5000, stampMin: T0, stampMax: T0 };
  assert.deepEqual(ss.planNextMark(s, T0 + 5000, W, E, END), { action: 'keep-alive', markAt: T0 + 2000 });
});

test('countdown to a time: seconds rounded up, next change on the second, Infinity at 0', () => {
  assert.equal(ss.secondsUntil(END, T0 + 6000), 2);
  assert.equal(ss.secondsUntil(END, T0 + 6001), 2);
  assert.equal(ss.secondsUntil(END, T0 + 7001), 1);
  assert.equal(ss.secondsUntil(END, END + 5), 0);
  assert.equal(ss.nextSecondChange(END, T0 + 6200), T0 + 7000);
  assert.equal(ss.nextSecondChange(END, T0 + 7000), END);
  assert.equal(ss.nextSecondChange(END, END), Infinity);
});
