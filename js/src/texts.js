/**
 * The texts of the warning dialog: the built-in English defaults, which the
 * tag's data-text-* attributes override one by one (config.js).
 *
 * A translation is another object with the same keys; every text that
 * contains `{seconds}` is passed through formatSeconds() before it is shown.
 * @module texts
 */

/**
 * The English texts, keyed by the suffix of their data-text-* attribute.
 * The module's SessionSecurityText* directives have the same defaults.
 * Read only: config.js copies it.
 * @type {Record<string, string>}
 */
export const ENGLISH_TEXTS = {
  title: 'Your session is about to expire',
  message: 'You have been inactive for a while. For your security you will be signed out soon.',
  countdown: 'Signing out in {seconds} s.',
  stay: 'Stay signed in',
  signout: 'Sign out now',
  announce: 'You will be signed out in {seconds} seconds.',
  'title-warning': 'Signing out in {seconds} s',
  restored: 'What you typed before you were signed out has been restored.',
};

const SECONDS_PLACEHOLDER = /\{seconds\}/g;

/**
 * Puts a number of seconds into a text.
 * @param {string} text - may contain `{seconds}` any number of times
 * @param {number} seconds
 * @returns {string} the text with every `{seconds}` replaced; `$` patterns
 *   in the text are kept as they are
 */
export function formatSeconds(text, seconds) {
  return text.replace(SECONDS_PLACEHOLDER, String(seconds));
}
