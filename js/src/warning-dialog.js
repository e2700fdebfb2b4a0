/**
 * The warning dialog: a modal <dialog role="alertdialog"> in the open shadow
 * root of a <session-security> element, so that the page's CSS cannot reach
 * it, with a visible countdown, a visually hidden live region for screen
 * readers, focus moved in (and given back by the browser on closing), and
 * Tab kept inside. Two variants: the idle warning ("Stay signed in"), and the
 * warning before SessionSecurityMaxLifetime, which nothing extends (a
 * "Close" button instead, and other texts).
 * @module warning-dialog
 */
/** The custom element that holds the shadow root. */
const HOST_ELEMENT = 'session-security';
/**
 * Screen readers hear the time left when the dialog opens, then at most
 * this often (hmrc-frontend's timeout dialog speaks every 20 s too): every
 * second would drown everything else.
 */
const ANNOUNCE_EVERY_S = 20;
/**
 * A mouse move this soon after the dialog opens or closes is not activity:
 * about a human reaction time, so a mouse already moving when the dialog
 * appears does not close it before it can have been seen, and the hand
 * still moving after "Stay signed in" does not count again.
 */
const SETTLE_MS = 250;
/**
 * Fits in the viewport at 200 % zoom; the green of the "Stay signed in"
 * button is GOV.UK's button colour (contrast above 6:1 with white).
 */
const DIALOG_CSS = ':host{all:initial}dialog{border:0;padding:0;background:0}dialog::backdrop{background:#0009}'
  + '.box{max-width:30em;padding:1.5em;background:#fff;color:#000;border:4px solid;font:1rem/1.4 system-ui,sans-serif}'
  + 'h2{margin-top:0}button{font:inherit;margin:.3em .3em 0 0;padding:.5em 1em}.stay{background:#00703c;color:#fff}'
  + '.visually-hidden{position:absolute;clip:rect(0 0 0 0)}';

/**
 * Appends a new element with a text and attributes.
 * @param {Node} parent
 * @param {string} name
 * @param {string} [text]
 * @param {Record<string, string>} [attributes]
 * @returns {HTMLElement} the new element
 */
function append(parent, name, text = '', attributes = {}) {
  const element = document.createElement(name);
  element.textContent = text;
  for (const attribute in attributes) {
    element.setAttribute(attribute, attributes[attribute]);
  }
  return parent.appendChild(element);
}

/**
 * Styles the shadow root: a constructable stylesheet, which a strict
 * `style-src` allows; in browsers without one, a <style> with the nonce of
 * the script tag.
 * @param {ShadowRoot} root
 * @param {string} nonce
 */
function addStyles(root, nonce) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(DIALOG_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    append(root, 'style', DIALOG_CSS).nonce = nonce;
  }
}

/**
 * @typedef {object} WarningDialog
 * @property {() => boolean} isOpen
 * @property {() => boolean} isLifetime - open, as the lifetime's warning
 * @property {(lifetime?: boolean) => void} open - opens it (built on first
 *   use), focus on "Stay signed in"; `lifetime`: the lifetime's variant,
 *   focus on "Close"
 * @property {() => void} close - closes it and restores the page's title
 * @property {(seconds: number) => void} showSecondsLeft - the countdown, the
 *   page's title, and (at most every 20 s) the live region
 * @property {(event: Event, now: number) => boolean} ignores - is this event
 *   not activity because of the dialog (inside its box, or a mouse move just
 *   after it opened or closed)?
 */

/**
 * Creates the dialog; nothing is added to the page before the first open().
 * @param {object} options
 * @param {ReturnType<typeof import('./language.js').pageLanguage>} options.language -
 *   the page's language: its texts, plural forms and direction (read when
 *   the dialog is built, by then usually loaded)
 * @param {string} options.nonce - the CSP nonce of the script tag ('' if none)
 * @param {boolean} options.withSignOut - show "Sign out now"
 * @param {() => void} options.onStay - "Stay signed in", Escape, or the
 *   browser closing the dialog
 * @param {() => void} options.onClose - the lifetime's variant was closed
 *   ("Close", Escape, the browser)
 * @param {() => void} options.onSignOut - "Sign out now"
 * @returns {WarningDialog}
 */
export function createWarningDialog({ language, nonce, withSignOut, onStay, onClose, onSignOut }) {
  let host = null;
  let dialog;
  let title;
  let message;
  let countdown;
  let liveRegion;
  let stayButton;
  let closeButton;
  let open = false;
  let lifetime = false;
  let openedOrClosedAt = -Infinity;
  let lastAnnounced = Infinity;
  let pageTitle = '';

  function build() {
    host = document.createElement(HOST_ELEMENT);
    const root = host.attachShadow({ mode: 'open' });
    addStyles(root, nonce);
    dialog = append(root, 'dialog', '', {
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': 'title',
      'aria-describedby': 'message',
    });
    dialog.lang = language.code;
    dialog.dir = language.dir;
    const box = append(dialog, 'div', '', { class: 'box' });
    title = append(box, 'h2', '', { id: 'title' });
    message = append(box, 'p', '', { id: 'message' });
    // Seen, not heard: it changes every second. The live region speaks.
    countdown = append(box, 'p', '', { 'aria-hidden': 'true' });
    liveRegion = append(box, 'p', '', { class: 'visually-hidden', 'aria-live': 'polite' });
    const buttonBar = append(box, 'div');
    stayButton = append(buttonBar, 'button', language.text('stay'), { class: 'stay' });
    stayButton.addEventListener('click', () => onStay());
    if (withSignOut) {
      append(buttonBar, 'button', language.text('signout')).addEventListener('click', () => onSignOut());
    }
    closeButton = append(buttonBar, 'button', language.text('close'));
    closeButton.addEventListener('click', () => closeLifetime());
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault(); // Escape: stay signed in, which closes it
      lifetime ? closeLifetime() : onStay();
    });
    dialog.addEventListener('keydown', (event) => {
      // Tab from the last button goes to the first, Shift+Tab from the first to the last
      const buttons = dialog.querySelectorAll('button:not([hidden])');
      const wrapTo = event.shiftKey ? buttons.length - 1 : 0;
      if (event.key === 'Tab' && root.activeElement === buttons[buttons.length - 1 - wrapTo]) {
        event.preventDefault();
        buttons[wrapTo].focus();
      }
    });
    dialog.addEventListener('close', () => {
      if (open) {
        // closed by the browser, not by close()
        lifetime ? closeLifetime() : onStay();
      }
    });
    (document.body || document.documentElement).append(host);
  }

  function close() {
    if (!open) {
      return;
    }
    open = false;
    openedOrClosedAt = Date.now();
    dialog.close();
    document.title = pageTitle;
  }

  function closeLifetime() {
    close();
    onClose();
  }

  return {
    isOpen: () => open,
    isLifetime: () => open && lifetime,

    open(forLifetime = false) {
      if (open && lifetime === forLifetime) {
        return;
      }
      if (!host) {
        build();
      }
      lifetime = forLifetime;
      const prefix = lifetime ? 'lifetime-' : '';
      title.textContent = language.text(`${prefix}title`);
      message.textContent = language.text(`${prefix}message`);
      stayButton.hidden = lifetime;
      closeButton.hidden = !lifetime;
      if (!open) {
        // (already open: the idle warning becomes the lifetime's in place)
        open = true;
        lastAnnounced = Infinity;
        openedOrClosedAt = Date.now();
        pageTitle = document.title;
        dialog.showModal();
      }
      (lifetime ? closeButton : stayButton).focus();
    },

    close,

    showSecondsLeft(seconds) {
      countdown.textContent = language.format('countdown', seconds);
      document.title = language.format('title-warning', seconds);
      if (lastAnnounced - seconds >= ANNOUNCE_EVERY_S) {
        lastAnnounced = seconds;
        liveRegion.textContent = language.format('announce', seconds);
      }
    },

    ignores(event, now) {
      if (event.type === 'mousemove' && Math.abs(now - openedOrClosedAt) < SETTLE_MS) {
        return true;
      }
      if (!open) {
        return false;
      }
      // Inside the box (the buttons, Tab between them), not on the backdrop:
      // a click or move on the backdrop targets the <dialog> itself.
      const path = event.composedPath();
      return path[0] !== dialog && path.includes(host);
    },
  };
}
