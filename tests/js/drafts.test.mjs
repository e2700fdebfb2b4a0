// Unit tests of the pure parts of js/src/drafts.js: which fields a draft
// keeps, and the shape of what is stored (node --test tests/js/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DRAFT_PREFIX, isKeptField, draftRecord, parseDraftRecord, deleteExpiredDrafts,
} from '../../js/src/drafts.js';
import { readConfig } from '../../js/src/config.js';
import { ENGLISH_TEXTS } from '../../js/src/texts.js';

// The parts of a form field that isKeptField reads.
function field(tagName, type, attributes = {}, insideNoDraft = false) {
  return {
    tagName,
    type,
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    closest: (selector) => (selector === '[data-session-security-no-draft]'
      && (insideNoDraft || 'data-session-security-no-draft' in attributes) ? {} : null),
  };
}

test('drafts keep text fields, text areas, selects and boxes', () => {
  for (const f of [field('INPUT', 'text'), field('INPUT', 'email'), field('INPUT', 'search'),
    field('TEXTAREA', 'textarea'), field('SELECT', 'select-one'), field('INPUT', 'checkbox'),
    field('INPUT', 'text', { autocomplete: 'name' }), field('INPUT', 'text', { autocomplete: 'on' })]) {
    assert.equal(isKeptField(f), true, `${f.tagName} ${f.type} ${f.getAttribute('autocomplete')}`);
  }
});

test('drafts never keep passwords, hidden, file or button inputs, autocomplete off or cc-*, or no-draft fields', () => {
  for (const type of ['password', 'hidden', 'file', 'submit', 'reset', 'button', 'image']) {
    assert.equal(isKeptField(field('INPUT', type)), false, type);
  }
  for (const autocomplete of ['off', 'OFF', 'cc-number', 'cc-csc', 'billing cc-exp', 'section-pay cc-name']) {
    assert.equal(isKeptField(field('INPUT', 'text', { autocomplete })), false, autocomplete);
  }
  assert.equal(isKeptField(field('INPUT', 'text', { 'data-session-security-no-draft': '' })), false);
  assert.equal(isKeptField(field('TEXTAREA', 'textarea', {}, true)), false, 'inside a no-draft element');
  assert.equal(isKeptField(field('BUTTON', 'submit')), false);
  assert.equal(isKeptField(field('INPUT', 'text', { autocomplete: 'occ-note' })), true, 'cc- only as a token');
});

test('the stored record holds only the IV, the ciphertext and the expiry', () => {
  const iv = new Uint8Array(12).fill(7);
  const ct = new Uint8Array([1, 2, 3, 250]);
  const text = draftRecord(iv, ct.buffer, 5000);
  assert.deepEqual(Object.keys(JSON.parse(text)), ['iv', 'ct', 'expires']);
  assert.deepEqual(JSON.parse(text), { iv: 'BwcHBwcHBwcHBwcH', ct: 'AQID+g==', expires: 5000 });
  const back = parseDraftRecord(text, 4999);
  assert.deepEqual([...back.iv], [...iv]);
  assert.deepEqual([...back.ct], [...ct]);
  assert.equal(parseDraftRecord(text, 5000), null, 'expired');
  for (const bad of [null, '', 'x', '{}', '{"iv":"!","ct":"AA==","expires":9e15}']) {
    assert.equal(parseDraftRecord(bad, 0), null, String(bad));
  }
});

test('expired and unreadable drafts are deleted, other entries kept', () => {
  const map = new Map([
    [`${DRAFT_PREFIX}a`, draftRecord(new Uint8Array(12), new Uint8Array(4), 2000)],
    [`${DRAFT_PREFIX}b`, draftRecord(new Uint8Array(12), new Uint8Array(4), 1000)],
    [`${DRAFT_PREFIX}c`, 'garbage'],
    ['other', draftRecord(new Uint8Array(12), new Uint8Array(4), 1000)],
  ]);
  const storage = {
    get length() { return map.size; },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    removeItem: (k) => map.delete(k),
  };
  deleteExpiredDrafts(storage, 1500);
  assert.deepEqual([...map.keys()], [`${DRAFT_PREFIX}a`, 'other']);
});

test('config: drafts only with both attributes, lifetime in whole seconds', () => {
  const attrs = (map) => (name) => (name in map ? map[name] : null);
  assert.equal(readConfig(attrs({}), ENGLISH_TEXTS).drafts, 0);
  assert.equal(readConfig(attrs({ drafts: '600' }), ENGLISH_TEXTS).drafts, 0, 'no key URL');
  const on = readConfig(attrs({ drafts: '600', 'draft-key-url': '/k' }), ENGLISH_TEXTS);
  assert.equal(on.drafts, 600);
  assert.equal(on.draftKeyUrl, '/k');
  assert.equal(readConfig(attrs({ drafts: '1h', 'draft-key-url': '/k' }), ENGLISH_TEXTS).drafts, 0);
  // The notice's text is the page language's (language.js); English's:
  assert.equal(ENGLISH_TEXTS.restored, 'What you typed before you were signed out has been restored.');
});
