/**
 * The configuration of the client, read from the data- attributes of its own
 * script tag, which the module's output filter writes (docs/CLIENT.md lists
 * them); the texts are language.js's. Pure: it only calls the attribute
 * reader it is given.
 * @module config
 */
/** SessionSecurityWarnAfter's default, django-session-security's WARN_AFTER (s). */
export const DEFAULT_WARN_AFTER = 540;
/** SessionSecurityExpireAfter's default, django-session-security's EXPIRE_AFTER (s). */
export const DEFAULT_EXPIRE_AFTER = 600;
/** SessionSecurityPingURL's default. */
export const DEFAULT_PING_URL = '/session_security/ping';
/**
 * A WarnAfter not below ExpireAfter (which `apachectl configtest` refuses
 * anyway) becomes this share of ExpireAfter, so the warning still comes first.
 */
const WARN_SHARE_OF_EXPIRE = 0.9;
/** The module writes whole non-negative seconds; anything else is not ours. */
const WHOLE_SECONDS = /^\d+$/;

/**
 * @typedef {object} Config
 * @property {number} warnAfter - seconds of inactivity before the warning
 * @property {number} expireAfter - seconds of inactivity before signing out (> warnAfter)
 * @property {string} pingUrl - the ping endpoint, possibly with a query string of its own
 * @property {?string} logoutUrl - where a signed-out tab goes; null: it reloads
 * @property {number} lifetimeLeft - seconds before SessionSecurityMaxLifetime
 *   ends the session, counted when the page was sent; -1: no limit
 * @property {?string} confirmFormDiscard - null: no leave-page question; else
 *   its text ("": the language's; browsers show their own)
 * @property {number} idleMs - how long the session had been idle when the
 *   server answered this page (data-idle-ms); 0 when unknown: the page load
 *   is the last activity
 * @property {number} drafts - seconds a draft lives; 0: drafts are off
 *   (SessionSecurityKeepDrafts Off, the default)
 * @property {?string} draftKeyUrl - the module's draft key URL
 */

/**
 * Reads the configuration; every missing or bad value falls back to its default.
 * @param {(name: string) => ?string} attribute - the value of the tag's
 *   `data-NAME` attribute, null when absent (e.g. name => tag.getAttribute('data-' + name))
 * @returns {Config}
 */
export function readConfig(attribute) {
  const seconds = (name, fallback) => {
    const value = attribute(name);
    return WHOLE_SECONDS.test(value) ? Number(value) : fallback;
  };
  const expireAfter = seconds('expire-after', DEFAULT_EXPIRE_AFTER) || DEFAULT_EXPIRE_AFTER;
  let warnAfter = seconds('warn-after', DEFAULT_WARN_AFTER);
  if (warnAfter >= expireAfter) {
    warnAfter = Math.floor(expireAfter * WARN_SHARE_OF_EXPIRE);
  }
  return {
    warnAfter,
    expireAfter,
    pingUrl: attribute('ping-url') || DEFAULT_PING_URL,
    logoutUrl: attribute('logout-url'),
    lifetimeLeft: seconds('lifetime-left', -1),
    confirmFormDiscard: attribute('confirm-form-discard'),
    idleMs: seconds('idle-ms', 0), // a whole number too, of milliseconds
    drafts: attribute('draft-key-url') ? seconds('drafts', 0) : 0,
    draftKeyUrl: attribute('draft-key-url'),
  };
}
