/**
 * The entry point of the client (the bundle's only top-level code): finds
 * the script's own tag, reads its configuration, chooses the dialog's
 * language and starts the parts.
 * Loaded in node (no document), or a second time in a page, it does nothing.
 * @module main
 */
import { readConfig } from './config.js';
import { startDrafts } from './drafts.js';
import { pageLanguage } from './language.js';
import { askBeforeLeavingEditedForms } from './leave-page.js';
import { installPublicApi } from './public-api.js';
import { startTabSession } from './tab-session.js';
import { ENGLISH_TEXTS } from './texts.js';

/**
 * The tag as the module writes it: `data-session-security` without a value
 * (HTML) or with an empty one (XML-well-formed); both match.
 */
const TAG_SELECTOR = 'script[data-session-security]';

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
  // The dialog's, the leave-page question's and the restored-draft notice's
  // (language.text('restored')) language.
  const language = pageLanguage({
    english: ENGLISH_TEXTS,
    attribute,
    scriptUrl: tag.src,
    pageLanguage: document.documentElement.getAttribute('lang'),
    browserLanguages: navigator.languages || [navigator.language],
  });
  const drafts = config.drafts
    ? startDrafts({ keyUrl: config.draftKeyUrl, lifetime: config.drafts, restoredText: language.text('restored') })
    : null;
  const session = startTabSession(config, tag, language, drafts);
  if (config.confirmFormDiscard !== null) {
    // "" when SessionSecurityConfirmFormDiscard is On without a text of its own
    askBeforeLeavingEditedForms(
      () => config.confirmFormDiscard || language.text('confirm-form-discard'),
      session.hasSignedOut,
    );
  }
  installPublicApi(session);
  session.start();
}

start();
