// The split of the client into the script of every page and the parts it
// loads when a page needs them (js/src/chunks.js, english.js, main.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chunkUrl } from '../../js/src/chunks.js';
import { englishLanguage, plainlyEnglish } from '../../js/src/english.js';
import { chooseLanguage, pageLanguage } from '../../js/src/language.js';
import { overriddenText, overrideLanguages } from '../../js/src/text-overrides.js';
import { ENGLISH_TEXTS } from '../../js/src/texts.js';

const attrs = (map) => (name) => map[name] ?? null;

test('a part lies beside the script (the tag\'s query is not passed on: unbuilt, no version)', () => {
  assert.equal(chunkUrl('https://x.test/session_security/session-security.js?v=0123456789abcdef', 'dialog'),
    'https://x.test/session_security/session-security-dialog.js');
  assert.equal(chunkUrl('http://x.test/a/b/client.js', 'drafts'), 'http://x.test/a/b/session-security-drafts.js');
  assert.equal(chunkUrl('http://x.test/client.js?v=1#x', 'language'), 'http://x.test/session-security-language.js');
});

// The version of the parts, as scripts/embed-client.sh --parts-version
// computes it (and the module checks it): a SHA-256 of their names and
// contents, in the Makefile's order.
const PARTS = ['session-security-dialog.js', 'session-security-language.js', 'session-security-drafts.js'];
function partsVersion() {
  const digest = createHash('sha256');
  for (const name of PARTS) {
    digest.update(`${name}\n`);
    digest.update(readFileSync(new URL(`../../js/${name}`, import.meta.url)));
  }
  return digest.digest('hex').slice(0, 16);
}

test('the shipped script asks for the parts it was built with: their own version, whatever the tag says', () => {
  // A script of another build (a cluster's node not yet upgraded, a cache)
  // may run under this build's tag: it must never get parts whose shortened
  // names are not its own, nor these parts a script of another build.
  const script = readFileSync(new URL('../../js/session-security.js', import.meta.url), 'utf8');
  const version = partsVersion();
  assert.ok(script.includes(`v=${version}`), `the script names the parts' version ${version}`);
});

test('plainlyEnglish: English when the first language declared is English, or none is', () => {
  assert.equal(plainlyEnglish('en-GB', ['de']), 'en-GB');
  assert.equal(plainlyEnglish('EN_us', []), 'EN-us');
  assert.equal(plainlyEnglish(null, ['en-US', 'de']), 'en-US');
  assert.equal(plainlyEnglish('', ['en']), 'en');
  assert.equal(plainlyEnglish('  ', []), 'en');
  assert.equal(plainlyEnglish(null, []), 'en');
  assert.equal(plainlyEnglish(null, [undefined]), 'en');
  // language.js must choose: another language, or one it may not know
  for (const [page, browser] of [['de', ['en']], [null, ['de-AT', 'en']], ['tlh', ['en']], ['eng', []],
    ['english', []], ['zh-Hant', ['en']]]) {
    assert.equal(plainlyEnglish(page, browser), null, `${page} ${browser}`);
  }
});

test('plainlyEnglish agrees with language.js: whenever it answers, language.js chooses English for that tag', () => {
  const tags = [null, '', ' ', 'en', 'en-GB', 'EN_us', 'en-Latn-GB', 'de', 'tlh', 'pt-BR', 'zh-Hant-TW', 'zh',
    'ar', 'english', 'e', 'nn'];
  for (const page of tags) {
    for (const first of tags) {
      for (const second of tags) {
        const browser = [first, second].filter((tag) => tag !== null);
        const english = plainlyEnglish(page, browser);
        if (english !== null) {
          assert.deepEqual(chooseLanguage(page, browser), { code: 'en', requested: english },
            `${page} ${JSON.stringify(browser)}`);
        }
      }
    }
  }
});

test('englishLanguage answers as language.js does for an English page, overrides and all', async () => {
  const attributes = {
    'text-en-gb-title': 'British title',
    'text-en-stay': 'Stay, English',
    'text-de-stay': 'not for English pages',
    'text-countdown': 'Noch {seconds} s',
  };
  for (const requested of ['en', 'en-GB', 'en-US']) {
    const english = englishLanguage(attrs(attributes), requested);
    const reference = pageLanguage({
      english: ENGLISH_TEXTS, attribute: attrs(attributes), scriptUrl: 'http://x.test/s.js', pageLanguage: requested,
      fetch: () => assert.fail('English fetches nothing'),
    });
    await reference.ready;
    assert.equal(english.code, 'en');
    assert.equal(english.dir, 'ltr');
    for (const name of Object.keys(ENGLISH_TEXTS)) {
      assert.equal(english.text(name), reference.text(name), `${requested} ${name}`);
      assert.equal(english.format(name, 7), reference.format(name, 7), `${requested} ${name}`);
    }
  }
  const british = englishLanguage(attrs(attributes), 'en-GB');
  assert.equal(british.text('title'), 'British title');
  assert.equal(englishLanguage(attrs(attributes), 'en').text('title'), ENGLISH_TEXTS.title);
  assert.equal(british.text('stay'), 'Stay, English');
  assert.equal(british.format('countdown', 3), 'Noch 3 s');
  assert.equal(british.format('announce', 20), 'You will be signed out in 20 seconds.');
});

test('overriddenText: the most specific language first, an empty attribute is none', () => {
  const attribute = attrs({ 'text-de-at-title': 'AT', 'text-de-title': 'DE', 'text-title': 'all', 'text-de-at-stay': '' });
  assert.equal(overriddenText(attribute, overrideLanguages('de-AT', 'de'), 'title'), 'AT');
  assert.equal(overriddenText(attribute, overrideLanguages('de', 'de'), 'title'), 'DE');
  assert.equal(overriddenText(attribute, overrideLanguages('fr', 'fr'), 'title'), 'all');
  assert.equal(overriddenText(attribute, overrideLanguages('de-AT', 'de'), 'stay'), null);
});

test('the dialog\'s part carries the English texts; the script carries none of them', () => {
  const script = readFileSync(new URL('../../js/session-security.js', import.meta.url), 'utf8');
  const dialog = readFileSync(new URL('../../js/session-security-dialog.js', import.meta.url), 'utf8');
  for (const text of Object.values(ENGLISH_TEXTS)) {
    assert.ok(!script.includes(text), text);
    assert.ok(dialog.includes(text), text);
  }
});
