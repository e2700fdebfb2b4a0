/**
 * What single-page apps see (docs/CLIENT.md, "API for single-page apps"):
 * window.sessionSecurity and the session-security:* events on document.
 * @module public-api
 */

/** Events are named session-security:warn, :activity and :expire. */
const EVENT_PREFIX = 'session-security:';

/**
 * Dispatches a session-security:NAME event on document.
 * @param {string} name - 'warn', 'activity' or 'expire'
 * @param {object} [detail]
 * @param {boolean} [cancelable]
 * @returns {boolean} false when a listener cancelled it (preventDefault)
 */
export function emitEvent(name, detail, cancelable = false) {
  return document.dispatchEvent(new CustomEvent(EVENT_PREFIX + name, { detail, cancelable }));
}

/**
 * Publishes window.sessionSecurity.
 * @param {import('./tab-session.js').TabSession} session
 */
export function installPublicApi(session) {
  window.sessionSecurity = {
    /** Counts app-level activity, as a person's input would be. */
    activity: session.countActivity,
    /** Seconds since the last activity in any tab. */
    idle: session.idleSeconds,
    /** Signs out every tab now (logout URL, or reload). */
    signOut: session.signOut,
  };
}
