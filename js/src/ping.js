/**
 * The ping (docs/CLIENT.md; the protocol is SPEC 5, django-session-security's):
 * `GET PING_URL?idleFor=N` answered by the server's idle seconds as a bare
 * JSON number, or "logout".
 * @module ping
 */
import { delay } from './delay.js';
/** The query parameter of the ping: the tab's own seconds since its last activity. */
const IDLE_PARAMETER = 'idleFor';
/** The answer the module gives when there is no signed-in session (any more). */
const LOGOUT = 'logout';
/** The module answers an expired script request with a 401 (SPEC 4). */
const STATUS_SIGNED_OUT = 401;
const STATUS_OK = 200;

/**
 * The URL of a ping: the configured ping URL, whose own query string (the
 * module may add one) is kept as it is, with idleFor added.
 * @param {string} pingUrl - absolute, or relative to `pageUrl`
 * @param {number} idleSeconds
 * @param {string} pageUrl - the URL of the page (location.href)
 * @returns {string} an absolute URL
 */
export function pingRequestUrl(pingUrl, idleSeconds, pageUrl) {
  const url = new URL(pingUrl, pageUrl);
  // Appended to the query string rather than set through url.searchParams,
  // which would re-encode the parameters already there (%20 would become +).
  url.search += (url.search ? '&' : '') + new URLSearchParams({ [IDLE_PARAMETER]: idleSeconds });
  return url.href;
}

/**
 * Reads the answer to a ping.
 * @param {number} status - the HTTP status
 * @param {string} body
 * @returns {number | 'logout' | null} the server's idle seconds, 'logout',
 *   or null for anything else (an error, a login page, a proxy's answer)
 */
export function parsePingAnswer(status, body) {
  if (status === STATUS_SIGNED_OUT) {
    return LOGOUT;
  }
  try {
    const value = status === STATUS_OK ? JSON.parse(body) : null;
    return value === LOGOUT || (typeof value === 'number' && value >= 0) ? value : null;
  } catch {
    return null; // not JSON: a login page, for example
  }
}

/**
 * Pings the server. Never rejects, and never waits longer than `patienceMs`
 * (an unanswered ping is a failure, also where AbortSignal.timeout is missing).
 * @param {string} pingUrl
 * @param {number} idleSeconds
 * @param {number} patienceMs
 * @returns {Promise<number | 'logout' | null>} as parsePingAnswer(); null on
 *   failure or timeout
 */
export function pingServer(pingUrl, idleSeconds, patienceMs) {
  const answer = Promise.resolve()
    .then(() => fetch(pingRequestUrl(pingUrl, idleSeconds, location.href), {
      cache: 'no-store',
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout?.(patienceMs),
    }))
    .then(async (response) => parsePingAnswer(response.status, await response.text()))
    .catch(() => null);
  return Promise.race([delay(patienceMs, null), answer]);
}
