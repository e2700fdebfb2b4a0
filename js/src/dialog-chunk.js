/**
 * The entry of session-security-dialog.js, the part of the client that
 * the shipped script loads at the first warn mark of a page (chunks.js):
 * the warning dialog and the English texts, which every language falls
 * back to.
 * @module dialog-chunk
 */
export { englishLanguage } from './english.js';
export { ENGLISH_TEXTS } from './texts.js';
export { createWarningDialog } from './warning-dialog.js';
