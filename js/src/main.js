/**
 * The entry point of the shipped script (the bundle's only top-level code):
 * finds the script's own tag, reads its configuration and starts the parts.
 * The parts that only some pages need are loaded when needed (chunks.js):
 * the dialog and its texts at the first warn mark, the language of a page
 * that is not plainly English with them, and drafts at page load where
 * they are on.
 * Loaded in node (no document), or a second time in a page, it does nothing.
 * @module main
 */
import { loadChunk } from './chunks.js';
import { readConfig } from './config.js';
import { plainlyEnglish } from './english.js';
import { askBeforeLeavingEditedForms } from './leave-page.js';
import { installPublicApi } from './public-api.js';
import { startTabSession } from './tab-session.js';

/**
 * The tag as the module writes it: `data-session-security` without a value
 * (HTML) or with an empty one (XML-well-formed); both match.
 */
const TAG_SELECTOR = 'script[data-session-security]';

/**
 * Loads the dialog's code and the page's language: English (the dialog's
 * part has it), or for a page that may be in another language, language.js's
 * choice with its texts (English if they cannot be loaded). The browser
 * loads each part once, however often it is asked (and the tab session
 * asks again only after a failure).
 * @param {string} scriptUrl - the tag's src
 * @param {(name: string) => ?string} attribute - the tag's data-NAME
 * @returns {Promise<{dialogPart: object, language: object}>}
 */
async function loadDialogAndLanguage(scriptUrl, attribute) {
  const pageTag = document.documentElement.getAttribute('lang');
  const browserLanguages = navigator.languages || [navigator.language];
  const english = plainlyEnglish(pageTag, browserLanguages);
  const [dialogPart, languagePart] = await Promise.all([
    loadChunk(scriptUrl, 'dialog'),
    english ? null : loadChunk(scriptUrl, 'language').catch(() => null),
  ]);
  let language = dialogPart.englishLanguage(attribute, english || 'en');
  if (languagePart) {
    language = languagePart.pageLanguage({
      english: dialogPart.ENGLISH_TEXTS, attribute, scriptUrl, pageLanguage: pageTag, browserLanguages,
    });
    await language.ready;
  }
  return { dialogPart, language };
}

/**
 * Starts drafts.js once it has arrived; a tab signing out for inactivity
 * saves through it.
 * @returns {{save: () => Promise<void>}} save() rejects when drafts.js could
 *   not be loaded
 */
function startDraftsPart(config, scriptUrl, loadLanguage) {
  const drafts = loadChunk(scriptUrl, 'drafts').then(({ startDrafts }) => startDrafts({
    keyUrl: config.draftKeyUrl,
    lifetime: config.drafts,
    restoredText: () => loadLanguage().then(({ language }) => language.text('restored')),
  }));
  drafts.catch(() => {}); // not loaded: nothing is kept, nothing else changes
  return { save: () => drafts.then((started) => started.save()) };
}

function start() {
  // window.sessionSecurity: the script was loaded twice
  if (typeof document === 'undefined' || window.sessionSecurity) {
    return;
  }
  const tag = document.currentScript || document.querySelector(TAG_SELECTOR);
  if (!tag) {
    return;
  }
  const attribute = (name) => tag.getAttribute(`data-${name}`);
  const config = readConfig(attribute);
  const loadLanguage = () => loadDialogAndLanguage(tag.src, attribute);
  let language = null; // known once loaded (for the leave-page question)
  const loadDialog = (options) => loadLanguage().then((loaded) => {
    language = loaded.language;
    return loaded.dialogPart.createWarningDialog({ ...options, language });
  });
  const drafts = config.drafts ? startDraftsPart(config, tag.src, loadLanguage) : null;
  const session = startTabSession(config, tag, loadDialog, drafts);
  if (config.confirmFormDiscard !== null) {
    // "" when SessionSecurityConfirmFormDiscard is On without a text of
    // its own; browsers show their own text anyway
    askBeforeLeavingEditedForms(
      () => config.confirmFormDiscard || language?.text('confirm-form-discard'),
      session.hasSignedOut,
    );
  }
  installPublicApi(session);
  session.start();
}

start();
