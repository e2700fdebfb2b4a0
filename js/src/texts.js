/**
 * The English texts of the client: the dialog, the leave-page question and
 * the restored-draft notice. Other languages are files of js/i18n/ with the
 * same keys, which language.js loads; the tag's data-text-* attributes
 * override both (language.js). A text with `{seconds}` is shown through
 * language.js's format().
 * @module texts
 */

/**
 * The English texts, keyed by the suffix of their data-text-* attribute
 * (the same as js/i18n/en.json, which tests/js/language.test.mjs checks).
 * The module's SessionSecurityText directives have the same names.
 * Read only.
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
  'confirm-form-discard': 'You have unsaved changes in a form of this page. Leave anyway?',
  restored: 'What you typed before you were signed out has been restored.',
  // the warning before SessionSecurityMaxLifetime, which cannot be extended
  'lifetime-title': 'Your session is about to end',
  'lifetime-message': 'For your security, a session lasts a limited time, even while you work. '
    + 'Yours ends soon and cannot be extended: save your work, then sign in again.',
  close: 'Close',
};
