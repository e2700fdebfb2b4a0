/**
 * The parts of the client that only some pages need, each a separate file
 * beside the shipped script that the module serves from memory (like the
 * script, cached for a year under the client's ?v= version):
 * - session-security-dialog.js (dialog-chunk.js): the warning dialog and
 *   the English texts, at the first warn mark of a page;
 * - session-security-language.js (language.js): with it, for a page that
 *   is not plainly English;
 * - session-security-drafts.js (drafts.js): at page load, where
 *   SessionSecurityKeepDrafts is on.
 * Most page loads end before a warning: they load none.
 * @module chunks
 */

/**
 * The URL of a part, beside the script, with the script's own query: the
 * module versions the client as a whole (the tag's ?v=), so a part is
 * cached as long as the script that asks for it, and a script of another
 * build gets none (404) rather than a part that does not fit it.
 * @param {string} scriptUrl - the script's own URL (its tag's src, absolute)
 * @param {'dialog'|'language'|'drafts'} name
 * @returns {string}
 */
export function chunkUrl(scriptUrl, name) {
  const url = new URL(`session-security-${name}.js`, scriptUrl);
  url.search = new URL(scriptUrl).search;
  return url.href;
}

/**
 * Loads a part, an ES module (a dynamic import, which takes the CSP nonce
 * of the script's tag with it).
 * @param {string} scriptUrl
 * @param {'dialog'|'language'|'drafts'} name
 * @returns {Promise<object>} the part's exports
 */
export function loadChunk(scriptUrl, name) {
  return import(chunkUrl(scriptUrl, name));
}
