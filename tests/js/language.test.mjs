// Unit tests of js/src/language.js and of the language files in js/i18n/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  BUILT_IN_LANGUAGES, builtInLanguage, chooseLanguage, textDirection, overrideLanguages,
  resolveTexts, formatCount, textsUrl, pageLanguage,
} from '../../js/src/language.js';

const I18N = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'js', 'i18n');
const FILES = readdirSync(I18N).filter((name) => name.endsWith('.json'));
const load = (code) => JSON.parse(readFileSync(path.join(I18N, `${code}.json`), 'utf8'));
const ENGLISH = load('en');
// The texts with a number in them, and the placeholders every form must keep.
const COUNTED = ['countdown', 'announce', 'title-warning'];

test('the built-in list is the set of language files', () => {
  assert.deepEqual(FILES.map((name) => name.slice(0, -5)).sort(), [...BUILT_IN_LANGUAGES].sort());
  assert.ok(BUILT_IN_LANGUAGES.length >= 20);
});

for (const file of FILES) {
  const code = file.slice(0, -5);
  test(`${file}: every text, every plural form, placeholders kept`, () => {
    const texts = load(code);
    assert.deepEqual(Object.keys(texts).sort(), Object.keys(ENGLISH).sort(), 'same names as en.json');
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    for (const [name, text] of Object.entries(texts)) {
      const englishForms = typeof ENGLISH[name] === 'string' ? [ENGLISH[name]] : Object.values(ENGLISH[name]);
      const placeholders = new Set(englishForms.join(' ').match(/\{[a-z]+\}/g) ?? []);
      const forms = typeof text === 'string' ? [text] : Object.values(text);
      if (typeof text !== 'string') {
        assert.ok(COUNTED.includes(name), `${name}: only counted texts have plural forms`);
        for (const category of categories) {
          assert.equal(typeof text[category], 'string', `${name}: form "${category}" missing`);
        }
        for (const category of Object.keys(text)) {
          assert.ok(categories.includes(category), `${name}: "${category}" is no plural category of ${code}`);
        }
      }
      for (const form of forms) {
        assert.ok(form.trim().length > 0, `${name}: empty`);
        assert.deepEqual(new Set(form.match(/\{[a-z]+\}/g) ?? []), placeholders, `${name}: placeholders of "${form}"`);
      }
      if (code !== 'en' && name !== 'stay') {
        // translated, not copied (a button text may coincide by chance)
        assert.notDeepEqual(text, ENGLISH[name], `${name} is still English`);
      }
    }
  });
}

test('plural forms of Czech, Polish and Russian for 1, 2, 5, 21, 22, 25', () => {
  const expected = {
    cs: ['1 sekundu', '2 sekundy', '5 sekund', '21 sekund', '22 sekund', '25 sekund'],
    pl: ['1 sekundę', '2 sekundy', '5 sekund', '21 sekund', '22 sekundy', '25 sekund'],
    ru: ['1 секунду', '2 секунды', '5 секунд', '21 секунду', '22 секунды', '25 секунд'],
  };
  for (const [code, words] of Object.entries(expected)) {
    const texts = load(code);
    [1, 2, 5, 21, 22, 25].forEach((n, i) => {
      for (const name of ['countdown', 'announce']) {
        const shown = formatCount(texts[name], n, code);
        assert.ok(shown.includes(words[i]), `${code} ${name} ${n}: "${shown}" should say "${words[i]}"`);
      }
    });
  }
});

test('other plural rules: English, French, Arabic, Hebrew, Japanese', () => {
  assert.equal(formatCount(ENGLISH.announce, 1, 'en'), 'You will be signed out in 1 second.');
  assert.equal(formatCount(ENGLISH.announce, 0, 'en'), 'You will be signed out in 0 seconds.');
  assert.match(formatCount(load('fr').countdown, 0, 'fr'), /0 seconde\./); // French: 0 is singular
  assert.match(formatCount(load('fr').countdown, 2, 'fr'), /2 secondes\./);
  assert.match(formatCount(load('ar').countdown, 5, 'ar'), /5 ثوانٍ/);
  assert.match(formatCount(load('ar').countdown, 11, 'ar'), /11 ثانية/);
  assert.match(formatCount(load('he').countdown, 1, 'he'), /1 שנייה/);
  assert.match(formatCount(load('he').countdown, 7, 'he'), /7 שניות/);
  assert.equal(formatCount(load('ja').countdown, 30, 'ja'), 'あと 30 秒でサインアウトします。');
  // a plain string (an administrator's override) serves every number
  assert.equal(formatCount('In {seconds} s ({seconds})', 3, 'pl'), 'In 3 s (3)');
  // "$&" in a text is not a replacement pattern
  assert.equal(formatCount('$& {seconds}', 4, 'en'), '$& 4');
});

test('languages: exact, regional, aliases, Portuguese and Chinese, unknown', () => {
  const cases = {
    de: 'de', 'de-AT': 'de', 'DE-ch': 'de', de_DE: 'de', 'en-GB': 'en', en: 'en',
    'fr-CA': 'fr', 'es-419': 'es', 'ca-ES-valencia': 'ca', 'sv-FI': 'sv',
    pt: 'pt-BR', 'pt-BR': 'pt-BR', 'pt-br': 'pt-BR', 'pt-PT': 'pt-PT', 'pt-AO': 'pt-PT',
    zh: 'zh-Hans', 'zh-CN': 'zh-Hans', 'zh-SG': 'zh-Hans', 'zh-Hans': 'zh-Hans', 'zh-Hans-HK': 'zh-Hans',
    'zh-TW': null, 'zh-HK': null, 'zh-Hant': null, 'zh-Hant-CN': null,
    nb: 'nb', no: 'nb', 'nn-NO': 'nb', 'nb-NO': 'nb', iw: 'he', 'he-IL': 'he', 'ar-EG': 'ar',
    eo: null, xx: null, '': null, ' ': null, 'tlh-Latn': null,
  };
  for (const [tag, code] of Object.entries(cases)) {
    assert.equal(builtInLanguage(tag), code, tag);
  }
  assert.equal(builtInLanguage(null), null);
  assert.equal(builtInLanguage(undefined), null);
});

test('choice: the page first, then the browser, then English', () => {
  assert.deepEqual(chooseLanguage('de-AT', ['fr']), { code: 'de', requested: 'de-AT' });
  assert.deepEqual(chooseLanguage('', ['eo', 'pl-PL', 'fr']), { code: 'pl', requested: 'pl-PL' });
  assert.deepEqual(chooseLanguage(null, ['zh-TW', 'ja']), { code: 'ja', requested: 'ja' });
  assert.deepEqual(chooseLanguage('eo', ['sv']), { code: 'sv', requested: 'sv' });
  assert.deepEqual(chooseLanguage('en', ['de']), { code: 'en', requested: 'en' });
  assert.deepEqual(chooseLanguage('eo', ['tlh']), { code: 'en', requested: 'en' }, 'unknown: English');
  assert.deepEqual(chooseLanguage(undefined), { code: 'en', requested: 'en' });
});

test('direction: Arabic and Hebrew are right to left', () => {
  assert.equal(textDirection('ar'), 'rtl');
  assert.equal(textDirection('he'), 'rtl');
  for (const code of BUILT_IN_LANGUAGES.filter((c) => c !== 'ar' && c !== 'he')) {
    assert.equal(textDirection(code), 'ltr', code);
  }
});

test('overrides: the language first, then every language, then built in, then English', () => {
  const attributes = {
    'data-text-de-at-title': 'Österreich',
    'data-text-de-stay': 'Bleiben',
    'data-text-signout': 'Everywhere',
    'data-text-fr-message': 'not for German pages',
  };
  const attribute = (name) => attributes[`data-${name}`] ?? null;
  assert.deepEqual(overrideLanguages('de-AT', 'de'), ['de-at', 'de']);
  assert.deepEqual(overrideLanguages('pt', 'pt-BR'), ['pt', 'pt-br']);
  const german = load('de');
  const texts = resolveTexts({
    language: { code: 'de', requested: 'de-AT' }, english: ENGLISH, builtIn: german, attribute,
  });
  assert.equal(texts.title, 'Österreich');
  assert.equal(texts.stay, 'Bleiben');
  assert.equal(texts.signout, 'Everywhere');
  assert.equal(texts.message, german.message);
  assert.deepEqual(texts.countdown, german.countdown);
  // not loaded yet: English, with the overrides already
  const early = resolveTexts({ language: { code: 'de', requested: 'de' }, english: ENGLISH, attribute });
  assert.equal(early.stay, 'Bleiben');
  assert.equal(early.title, ENGLISH.title);
  // a broken file is ignored text by text
  const broken = resolveTexts({
    language: { code: 'de', requested: 'de' }, english: ENGLISH, builtIn: { title: 5, countdown: { one: 'x' } },
  });
  assert.equal(broken.title, ENGLISH.title);
  assert.equal(broken.countdown, ENGLISH.countdown);
});

test('the texts URL lies beside the script', () => {
  assert.equal(textsUrl('https://x.test/session_security/session-security.js?v=abc', 'de', '0123'),
    'https://x.test/session_security/i18n/de.json?v=0123');
  assert.equal(textsUrl('http://x.test/a/b/c.js', 'pt-BR', ''), 'http://x.test/a/b/i18n/pt-BR.json');
});

const SCRIPT = 'http://x.test/session_security/session-security.js?v=1';
const fakeFetch = (files, calls) => async (url, options) => {
  calls.push({ url, options });
  const code = new URL(url).pathname.match(/i18n\/(.+)\.json$/)?.[1];
  const found = files[code];
  return { ok: Boolean(found), status: found ? 200 : 404, json: async () => found };
};

test('pageLanguage: a German page loads German once, English until then', async () => {
  const calls = [];
  const language = pageLanguage({
    english: ENGLISH, attribute: () => null, scriptUrl: SCRIPT, pageLanguage: 'de-DE',
    browserLanguages: ['en'], fetch: fakeFetch({ de: load('de') }, calls),
  });
  assert.equal(language.text('title'), ENGLISH.title);
  assert.equal(language.code, 'en');
  await language.ready;
  assert.equal(calls.length, 1);
  assert.match(calls[0].url, /\/session_security\/i18n\/de\.json/);
  assert.equal(calls[0].options.credentials, 'omit');
  assert.equal(calls[0].options.mode, 'same-origin');
  assert.equal(language.code, 'de');
  assert.equal(language.dir, 'ltr');
  assert.equal(language.text('title'), 'Ihre Sitzung läuft bald ab');
  assert.equal(language.format('countdown', 1), 'Abmeldung in 1 Sekunde.');
  assert.equal(language.format('countdown', 30), 'Abmeldung in 30 Sekunden.');
});

test('pageLanguage: English fetches nothing; a failed fetch keeps English', async () => {
  const calls = [];
  const english = pageLanguage({
    english: ENGLISH, attribute: () => null, scriptUrl: SCRIPT, pageLanguage: 'en-GB',
    browserLanguages: ['de'], fetch: fakeFetch({}, calls),
  });
  await english.ready;
  assert.equal(calls.length, 0);
  assert.equal(english.format('announce', 1), 'You will be signed out in 1 second.');
  const failing = pageLanguage({
    english: ENGLISH, attribute: () => null, scriptUrl: SCRIPT, pageLanguage: 'ar',
    fetch: async () => { throw new TypeError('offline'); },
  });
  await failing.ready;
  assert.equal(failing.code, 'en');
  assert.equal(failing.dir, 'ltr');
  assert.equal(failing.text('stay'), ENGLISH.stay);
  const missing = pageLanguage({
    english: ENGLISH, attribute: () => null, scriptUrl: SCRIPT, pageLanguage: 'ar',
    fetch: fakeFetch({}, calls),
  });
  await missing.ready;
  assert.equal(missing.text('title'), ENGLISH.title);
});

test('pageLanguage: Arabic is right to left once loaded', async () => {
  const language = pageLanguage({
    english: ENGLISH, attribute: () => null, scriptUrl: SCRIPT, pageLanguage: 'ar-SA',
    fetch: fakeFetch({ ar: load('ar') }, []),
  });
  await language.ready;
  assert.equal(language.code, 'ar');
  assert.equal(language.dir, 'rtl');
  assert.equal(language.text('title'), load('ar').title);
});

test('the client\'s English texts are en.json\'s (the general form of a counted text)', async () => {
  const { ENGLISH_TEXTS } = await import('../../js/src/texts.js');
  const general = Object.fromEntries(Object.entries(ENGLISH).map(([name, text]) => [name, text.other ?? text]));
  assert.deepEqual(ENGLISH_TEXTS, general);
});
