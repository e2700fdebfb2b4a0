/**
 * The leave-page question (SessionSecurityConfirmFormDiscard): the browser's
 * own "Leave site?" question when the user leaves a page with edited forms,
 * never when the client itself leaves (expiry, "Sign out now"). The page's
 * own onbeforeunload is never touched: a listener is added beside it.
 * @module leave-page
 */

/**
 * Watches the forms of the page and asks before leaving it edited.
 * @param {() => string} question - the text, returned to browsers that
 *   still want one (every current browser shows its own); asked when
 *   leaving, so the page's language has arrived by then
 * @param {() => boolean} hasSignedOut - true once the client leaves the page itself
 */
export function askBeforeLeavingEditedForms(question, hasSignedOut) {
  let edited = false;
  document.addEventListener('input', (event) => {
    // form fields (input, select, textarea) have a `form` property, possibly null
    if (event.target.form !== undefined) {
      edited = true;
    }
  }, true);
  // On window in the bubble phase, after the page's own submit handlers: a
  // submit that the page cancelled (validation) leaves the form edited.
  window.addEventListener('submit', (event) => {
    if (!event.defaultPrevented) {
      edited = false;
    }
  });
  document.addEventListener('reset', () => {
    edited = false;
  }, true);
  window.addEventListener('beforeunload', (event) => {
    if (edited && !hasSignedOut()) {
      event.preventDefault();
      event.returnValue = question() || '?';
    }
  });
}
