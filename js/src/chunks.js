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
 * The version of the parts this script was built with, which the build
 * writes in (scripts/build-client.sh); the module serves a part under that
 * version only (its kClientPartsVersion). Not the tag's ?v=: a script of
 * another build can run under this build's tag (a node of a cluster not yet
 * upgraded answered for the script), and must then get no part (404) rather
 * than one whose shortened names are not its own.
 */
/* global SESSION_SECURITY_PARTS_VERSION */
const PARTS_QUERY = typeof SESSION_SECURITY_PARTS_VERSION === 'string' ? `v=${SESSION_SECURITY_PARTS_VERSION}` : '';

/**
 * The URL of a part, beside the script, under the parts' version.
 * @param {string} scriptUrl - the script's own URL (its tag's src, absolute)
 * @param {'dialog'|'language'|'drafts'} name
 * @returns {string}
 */
export function chunkUrl(scriptUrl, name) {
  const url = new URL(`session-security-${name}.js`, scriptUrl);
  url.search = PARTS_QUERY;
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
