/**
 * The tag's text overrides, which win over the built-in texts of every
 * language: `data-text-LANG-NAME` (`SessionSecurityText LANG NAME TEXT`)
 * for the page's language, then `data-text-NAME` (`SessionSecurityText NAME
 * TEXT`) for every language. Shared by the English of the shipped script
 * (english.js) and the other languages (language.js).
 * @module text-overrides
 */

/**
 * The language keys of the tag's per-language overrides (data-text-LANG-NAME,
 * LANG in lower case), most specific first: the requested tag and its
 * shorter forms, then the built-in language's.
 * @param {string} requested - e.g. "de-AT"
 * @param {string} code - e.g. "de"
 * @returns {string[]} e.g. ["de-at", "de"]
 */
export function overrideLanguages(requested, code) {
  const keys = [];
  for (const tag of [requested, code]) {
    const parts = String(tag).toLowerCase().split('-');
    for (let length = parts.length; length > 0; length--) {
      const key = parts.slice(0, length).join('-');
      if (!keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}

/**
 * The tag's override of one text, or null when it has none (an empty
 * attribute is none).
 * @param {(name: string) => ?string} attribute - the tag's data-NAME
 * @param {readonly string[]} keys - overrideLanguages()'s answer
 * @param {string} name - e.g. "title"
 * @returns {?string}
 */
export function overriddenText(attribute, keys, name) {
  for (const key of keys) {
    const text = attribute(`text-${key}-${name}`);
    if (text) return text;
  }
  return attribute(`text-${name}`) || null;
}
