/**
 * Drafts (SessionSecurityKeepDrafts, docs/CLIENT.md "Drafts"): what the user
 * typed in this page's forms survives a sign-out for inactivity, readable
 * only by the same user. The key comes from the module (one per user,
 * derived from a server secret) at page load, is imported as a
 * non-extractable AES-GCM key and lives only in this page's memory; the
 * browser's storage holds only {iv, ct, expires} under a hash of the page's
 * URL, the field names inside the ciphertext.
 * Not in the shipped script: the entry of session-security-drafts.js, which
 * it loads at page load where drafts are on (chunks.js).
 * @module drafts
 */

/** localStorage keys of drafts start with this; the rest is a SHA-256 in hex. */
export const DRAFT_PREFIX = 'session-security-draft:';
/** Input types whose value is never kept (secrets, or not typed by a person). */
const NEVER_KEPT_TYPES = /^(password|hidden|file|submit|reset|button|image)$/;
/** How long the notice of a restored draft stays (ms). */
const NOTICE_MS = 15000;

/**
 * Whether a form field's value may be kept in a draft.
 * @param {HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement} field
 * @returns {boolean}
 */
export function isKeptField(field) {
  const autocomplete = (field.getAttribute('autocomplete') || '').toLowerCase();
  return /^(INPUT|TEXTAREA|SELECT)$/.test(field.tagName)
    && !NEVER_KEPT_TYPES.test(field.type)
    && !/(^|\s)(off|cc-\S*)(\s|$)/.test(autocomplete)
    && !field.closest('[data-session-security-no-draft]');
}

/**
 * Whether the field's value differs from the one the page came with.
 * @returns {boolean}
 */
function isEdited(field) {
  if (field.tagName === 'SELECT') {
    return [...field.options].some((o) => o.selected !== o.defaultSelected);
  }
  return /^(checkbox|radio)$/.test(field.type)
    ? field.checked !== field.defaultChecked
    : field.value !== field.defaultValue;
}

/** What the field holds: its value, or for a box its checked state. */
function valueOf(field) {
  if (field.tagName === 'SELECT') {
    return [...field.options].filter((o) => o.selected).map((o) => o.value);
  }
  return /^(checkbox|radio)$/.test(field.type) ? field.checked : field.value;
}

/**
 * The identity of every form field of the document, stable across loads of
 * the same page: the form's id or name (else its index), the field's name or
 * id, and its index among the fields of that form with the same name.
 * @param {Document} doc
 * @returns {[string, Element][]}
 */
export function identifiedFields(doc) {
  const seen = {};
  const forms = [...doc.forms];
  return [...doc.querySelectorAll('input,textarea,select')].map((field) => {
    const form = field.form;
    const formId = form ? form.id || form.getAttribute('name') || forms.indexOf(form) : '-';
    const name = `${formId}/${field.name || field.id}`;
    seen[name] = (seen[name] || 0) + 1;
    return [`${name}/${seen[name] - 1}`, field];
  });
}

/**
 * The edited, keepable fields of the document, as [identity, value] pairs.
 * @param {Document} doc
 * @returns {[string, string|boolean|string[]][]}
 */
export function collectDraft(doc) {
  return identifiedFields(doc)
    .filter(([, field]) => isKeptField(field) && isEdited(field))
    .map(([id, field]) => [id, valueOf(field)]);
}

/**
 * Puts the values back into the fields of the same identity, firing `input`
 * and `change` so the application notices.
 * @param {Document} doc
 * @param {[string, string|boolean|string[]][]} values
 * @returns {number} how many fields got a value back
 */
export function restoreDraft(doc, values) {
  const fields = new Map(identifiedFields(doc));
  let restored = 0;
  for (const [id, value] of values) {
    const field = fields.get(id);
    if (!field || !isKeptField(field)) {
      continue;
    }
    if (field.tagName === 'SELECT') {
      for (const option of field.options) {
        option.selected = value.includes(option.value);
      }
    } else if (typeof value === 'boolean') {
      field.checked = value;
    } else {
      field.value = value;
    }
    for (const type of ['input', 'change']) {
      field.dispatchEvent(new Event(type, { bubbles: true }));
    }
    restored++;
  }
  return restored;
}

const toBase64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * The stored record: the IV, the ciphertext (both base64) and when it
 * expires (ms since the epoch); nothing else, no field name in clear.
 * @returns {string}
 */
export function draftRecord(iv, ciphertext, expires) {
  return JSON.stringify({ iv: toBase64(iv), ct: toBase64(ciphertext), expires });
}

/**
 * Reads a stored record.
 * @param {?string} text
 * @param {number} now - ms since the epoch
 * @returns {?{iv: Uint8Array, ct: Uint8Array}} null when absent, malformed or expired
 */
export function parseDraftRecord(text, now) {
  try {
    const r = JSON.parse(text);
    return r.expires > now ? { iv: fromBase64(r.iv), ct: fromBase64(r.ct) } : null;
  } catch {
    return null;
  }
}

/**
 * Deletes every draft that expired or that cannot be read.
 * @param {Storage} storage
 * @param {number} now
 */
export function deleteExpiredDrafts(storage, now) {
  for (let i = storage.length; i--;) {
    const key = storage.key(i);
    if (key && key.startsWith(DRAFT_PREFIX) && !parseDraftRecord(storage.getItem(key), now)) {
      storage.removeItem(key);
    }
  }
}

/**
 * Starts the drafts of this page: deletes expired drafts, fetches the key,
 * and restores this page's draft (deleting it whether it could be read or
 * not).
 * @param {object} options
 * @param {string} options.keyUrl - the module's draft key URL
 * @param {number} options.lifetime - seconds a draft is kept
 * @param {() => Promise<string>} options.restoredText - the notice's text, in
 *   the page's language (asked only when a draft was restored)
 * @returns {{save: () => Promise<void>}} save(): encrypts and stores the
 *   edited fields (called before an inactivity sign-out leaves the page)
 */
export function startDrafts({ keyUrl, lifetime, restoredText }) {
  const subtle = window.crypto && crypto.subtle;
  if (!subtle) {
    return { save: async () => {} }; // not a secure context (plain http): no drafts
  }
  const enc = new TextEncoder();
  let storage;
  try {
    storage = localStorage;
    deleteExpiredDrafts(storage, Date.now());
  } catch {
    storage = null; // storage disabled
  }
  // The storage key and the AES-GCM additional data: a record moved to
  // another page's key does not decrypt there.
  const pageKey = subtle.digest('SHA-256', enc.encode(location.origin + location.pathname + location.search))
    .then((hash) => DRAFT_PREFIX + [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join(''));
  const key = fetch(keyUrl, { credentials: 'same-origin', cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : null))
    .then((body) => body && subtle.importKey('raw', fromBase64(body.key.replace(/-/g, '+').replace(/_/g, '/')),
      'AES-GCM', false, ['encrypt', 'decrypt']))
    .catch(() => null);

  Promise.all([key, pageKey]).then(async ([cryptoKey, id]) => {
    const record = storage && cryptoKey && parseDraftRecord(storage.getItem(id), Date.now());
    if (!record) {
      return; // signed out (the login page at this URL): the draft waits
    }
    storage.removeItem(id);
    let values;
    try {
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: enc.encode(id) },
        cryptoKey, record.ct);
      values = JSON.parse(new TextDecoder().decode(plain));
    } catch {
      return; // another user's key, or an old secret: never readable, deleted
    }
    if (restoreDraft(document, values)) {
      showNotice(await restoredText());
    }
  });

  return {
    async save() {
      const [cryptoKey, id] = await Promise.all([key, pageKey]);
      const values = collectDraft(document);
      if (!storage || !cryptoKey || !values.length) {
        return;
      }
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(id) },
        cryptoKey, enc.encode(JSON.stringify(values)));
      storage.setItem(id, draftRecord(iv, ct, Date.now() + lifetime * 1000));
    },
  };
}

/**
 * A polite live region: created empty, then given its text, so screen
 * readers announce it; it goes after a while or on a click.
 * @param {string} text
 */
function showNotice(text) {
  const notice = document.createElement('div');
  notice.setAttribute('role', 'status');
  notice.setAttribute('data-session-security-notice', '');
  // CSSOM, which a strict style-src allows (a style attribute it would not)
  notice.style.cssText = 'position:fixed;z-index:2147483647;top:1em;left:1em;right:1em;padding:1em;'
    + 'background:#fff;color:#000;border:3px solid #00703c;font:1rem system-ui,sans-serif';
  document.body.appendChild(notice);
  setTimeout(() => {
    notice.textContent = text;
  }, 100);
  const remove = () => notice.remove();
  notice.addEventListener('click', remove);
  setTimeout(remove, NOTICE_MS);
}
