/**
 * The dialog's language as the shipped script starts it: English, with the
 * tag's overrides. Only a page that may need another language loads
 * language.js (the chunk session-security-language.js, see chunks.js),
 * whose answer then replaces this one (main.js).
 * @module english
 */
import { overriddenText, overrideLanguages } from './text-overrides.js';
import { ENGLISH_TEXTS } from './texts.js';

/** A tag of English in any region or script (en, en-GB, en_US, EN-latn). */
const ENGLISH_TAG = /^en(?:[-_]|$)/i;

/**
 * The tag English is shown for when the page plainly asks for it: the first
 * language declared, the page's `<html lang>` or else the browser's first,
 * is English (or none is declared). Then language.js would choose English
 * for that tag too, so it is not loaded.
 * @param {?string} pageLanguage - `<html lang>` ("" or null: not declared)
 * @param {readonly string[]} browserLanguages - navigator.languages
 * @returns {?string} the requested tag ("en" when none), or null when
 *   language.js must choose
 */
export function plainlyEnglish(pageLanguage, browserLanguages) {
  const declared = [pageLanguage, ...browserLanguages].map((tag) => String(tag ?? '').trim()).find(Boolean);
  if (!declared) {
    return 'en';
  }
  return ENGLISH_TAG.test(declared) ? declared.replace(/_/g, '-') : null;
}

/**
 * The English language object, shaped like language.js's pageLanguage().
 * @param {(name: string) => ?string} attribute - the tag's data-NAME
 * @param {string} requested - the tag English is shown for (its overrides:
 *   data-text-en-gb-NAME, then data-text-en-NAME, then data-text-NAME)
 * @returns {{code: string, dir: string, text: (name: string) => string,
 *   format: (name: string, seconds: number) => string}}
 */
export function englishLanguage(attribute, requested) {
  const keys = overrideLanguages(requested, 'en');
  const text = (name) => overriddenText(attribute, keys, name) ?? ENGLISH_TEXTS[name];
  return {
    code: 'en',
    dir: 'ltr',
    text,
    // English texts have one form for every number
    format: (name, seconds) => text(name).split('{seconds}').join(seconds),
  };
}
