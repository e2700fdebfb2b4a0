/**
 * The language of the dialog: which one, its texts, its plural forms and its
 * direction.
 *
 * The shipped client carries English only. For a page in another language
 * the texts are fetched once from the module, which serves every built-in
 * language from memory beside the script (SCRIPT_DIR/i18n/LANG.json, the
 * files of js/i18n/, cached for a year under their ?v= version). The
 * language is the page's `<html lang>` when the module has it, else the
 * first of the browser's languages that it has, else English.
 *
 * A text of a language file is a string, or, when it holds `{seconds}` and
 * the language inflects the noun, an object keyed by the categories of
 * Intl.PluralRules (`one`, `few`, `many`, `other`...; `other` always there).
 * @module language
 */
import { overriddenText, overrideLanguages } from './text-overrides.js';

export { overrideLanguages };

/** The languages of js/i18n/ (tests/js/language.test.mjs keeps this true). */
export const BUILT_IN_LANGUAGES =
  'ar ca cs cy da de en es fi fr he it ja nb nl pl pt-BR pt-PT ru sv zh-Hans'.split(' ');

/** Written right to left: the dialog gets dir="rtl". */
const RIGHT_TO_LEFT = new Set(['ar', 'he']);

/** Primary subtags that mean a built-in language under another code. */
const PRIMARY_ALIASES = {
  no: 'nb', // "Norwegian": Bokmål, the written form most use
  nn: 'nb', // Nynorsk readers read Bokmål; better than English
  iw: 'he', // the code Hebrew had before 1989, still sent by old systems
};

/** Chinese regions written in Traditional characters, which we do not ship. */
const TRADITIONAL_CHINESE_REGIONS = new Set(['tw', 'hk', 'mo']);

/**
 * The version of the built-in texts, so their URL changes when they do.
 * The build defines it (esbuild --define, from scripts/embed-i18n.sh
 * --version); without it the texts are fetched unversioned (cached 5 min).
 */
/* global SESSION_SECURITY_I18N_VERSION */
const TEXTS_VERSION =
  typeof SESSION_SECURITY_I18N_VERSION === 'string' ? SESSION_SECURITY_I18N_VERSION : '';

const BY_LOWER_CASE = new Map(BUILT_IN_LANGUAGES.map((code) => [code.toLowerCase(), code]));

/**
 * The built-in language for a BCP 47 tag, or null when there is none.
 * Regional variants take their language (de-AT: de, en-GB: en); Portuguese
 * follows CLDR (pt and pt-BR: pt-BR, pt with any other region: pt-PT);
 * Chinese in Simplified characters (zh, zh-CN, zh-SG, zh-Hans-*) is
 * zh-Hans, in Traditional ones (zh-TW, zh-HK, zh-MO, zh-Hant-*) none.
 * @param {?string} tag - e.g. "de-AT", "pt_BR", "zh-Hant-TW"
 * @returns {?string} a member of BUILT_IN_LANGUAGES
 */
export function builtInLanguage(tag) {
  const lower = String(tag ?? '').trim().replace(/_/g, '-').toLowerCase();
  if (!lower) return null;
  if (BY_LOWER_CASE.has(lower)) return BY_LOWER_CASE.get(lower);
  const [primary, ...rest] = lower.split('-');
  if (primary === 'zh') {
    const script = rest.find((part) => part.length === 4);
    if (script) return script === 'hans' ? 'zh-Hans' : null;
    return rest.some((part) => TRADITIONAL_CHINESE_REGIONS.has(part)) ? null : 'zh-Hans';
  }
  if (primary === 'pt') {
    const region = rest.find((part) => part.length === 2 || /^\d{3}$/.test(part));
    return !region || region === 'br' ? 'pt-BR' : 'pt-PT';
  }
  const code = PRIMARY_ALIASES[primary] ?? primary;
  return BY_LOWER_CASE.get(code) ?? null;
}

/**
 * Chooses the language: the page's when built in, else the first of the
 * browser's that is, else English.
 * @param {?string} pageLanguage - `<html lang>` ("" or null: not declared)
 * @param {readonly string[]} [browserLanguages] - navigator.languages
 * @returns {{code: string, requested: string}} the built-in language, and
 *   the tag it was chosen for (the key of per-language overrides)
 */
export function chooseLanguage(pageLanguage, browserLanguages = []) {
  for (const requested of [pageLanguage, ...browserLanguages]) {
    const code = builtInLanguage(requested);
    if (code) return { code, requested: String(requested).trim().replace(/_/g, '-') };
  }
  return { code: 'en', requested: 'en' };
}

/**
 * @param {string} code - a built-in language
 * @returns {'rtl'|'ltr'} the direction of its script
 */
export function textDirection(code) {
  return RIGHT_TO_LEFT.has(code) ? 'rtl' : 'ltr';
}

/**
 * The texts to show, each from the first place that has it: the tag's
 * override for this language (data-text-LANG-NAME), the tag's override for
 * every language (data-text-NAME, `SessionSecurityText NAME TEXT`), the
 * built-in texts of the language, English.
 * @param {object} options
 * @param {{code: string, requested: string}} options.language - chooseLanguage()'s answer
 * @param {Record<string, string|object>} options.english - the client's English texts
 * @param {?Record<string, string|object>} [options.builtIn] - the language's
 *   file, null while not loaded (or English)
 * @param {(name: string) => ?string} [options.attribute] - the tag's data-NAME
 * @returns {Record<string, string|object>}
 */
export function resolveTexts({ language, english, builtIn = null, attribute = () => null }) {
  const keys = overrideLanguages(language.requested, language.code);
  const texts = {};
  for (const name of new Set([...Object.keys(english), ...Object.keys(builtIn ?? {})])) {
    texts[name] = overriddenText(attribute, keys, name) ?? usableText(builtIn?.[name]) ?? english[name];
  }
  return texts;
}

/** A text of a language file when it has the right shape, else undefined. */
function usableText(text) {
  return typeof text === 'string' || typeof text?.other === 'string' ? text : undefined;
}

/**
 * Puts a number of seconds into a text, in the plural form the language
 * needs for that number.
 * @param {string|Record<string, string>} text - a string, or forms keyed by
 *   Intl.PluralRules category
 * @param {number} seconds
 * @param {string} code - the language (its plural rules)
 * @returns {string}
 */
export function formatCount(text, seconds, code) {
  let form = text;
  if (typeof text === 'object' && text !== null) {
    let category = 'other';
    try {
      category = new Intl.PluralRules(code).select(seconds);
    } catch {
      // no Intl.PluralRules for that language: the general form
    }
    form = text[category] ?? text.other;
  }
  return String(form).split('{seconds}').join(String(seconds));
}

/**
 * The URL of a language's texts, beside the script.
 * @param {string} scriptUrl - the script's own URL (its tag's src, absolute)
 * @param {string} code - a built-in language
 * @param {string} [version] - the texts' version
 * @returns {string}
 */
export function textsUrl(scriptUrl, code, version = TEXTS_VERSION) {
  const url = new URL(`i18n/${code}.json`, scriptUrl);
  if (version) url.search = `v=${version}`;
  return url.href;
}

/**
 * The language of a page and its dialog texts. English is ready at once; any
 * other language's texts arrive with `ready` (until then, and if they
 * cannot be loaded, the dialog speaks English).
 * @param {object} options
 * @param {Record<string, string|object>} options.english - the client's English texts
 * @param {(name: string) => ?string} options.attribute - the tag's data-NAME
 * @param {string} options.scriptUrl - the script's URL (the tag's src)
 * @param {?string} [options.pageLanguage] - document.documentElement.lang
 * @param {readonly string[]} [options.browserLanguages] - navigator.languages
 * @param {typeof fetch} [options.fetch]
 * @returns {{code: string, dir: 'rtl'|'ltr', ready: Promise<void>,
 *   text: (name: string) => string,
 *   format: (name: string, seconds: number) => string}} `code` and `dir`
 *   are English's ('en', 'ltr') until the language's texts are loaded
 */
export function pageLanguage({ english, attribute, scriptUrl, pageLanguage: page = null,
  browserLanguages = [], fetch: fetchTexts = globalThis.fetch }) {
  const language = chooseLanguage(page, browserLanguages);
  let texts = resolveTexts({ language, english, attribute });
  let shown = 'en';
  const load = async () => {
    if (language.code === 'en') return;
    const response = await fetchTexts(textsUrl(scriptUrl, language.code), {
      mode: 'same-origin',
      credentials: 'omit', // the texts are public: no session needed
    });
    if (!response.ok) return;
    const builtIn = await response.json();
    if (builtIn && typeof builtIn === 'object') {
      texts = resolveTexts({ language, english, builtIn, attribute });
      shown = language.code;
    }
  };
  return {
    get code() {
      return shown;
    },
    get dir() {
      return textDirection(shown);
    },
    ready: load().catch(() => {}),
    text: (name) => (typeof texts[name] === 'string' ? texts[name] : texts[name]?.other),
    format: (name, seconds) => formatCount(texts[name], seconds, shown),
  };
}
