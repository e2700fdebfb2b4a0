/**
 * The entry point of the client (the bundle's only top-level code): finds
 * the script's own tag, reads its configuration and starts the parts.
 * Loaded in node (no document), or a second time in a page, it does nothing.
 * @module main
 */
import { readConfig } from './config.js';
import { startDrafts } from './drafts.js';
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
  const config = readConfig((name) => tag.getAttribute(`data-${name}`), ENGLISH_TEXTS);
  const drafts = config.drafts
    ? startDrafts({ keyUrl: config.draftKeyUrl, lifetime: config.drafts, restoredText: config.texts.restored })
    : null;
  const session = startTabSession(config, tag, drafts);
  if (config.confirmFormDiscard !== null) {
    askBeforeLeavingEditedForms(config.confirmFormDiscard, session.hasSignedOut);
  }
  installPublicApi(session);
  session.start();
}

start();
