/*! mod_session_security client, see docs/CLIENT.md */
(() => {
  const TEXTS = {
    title: 'Your session is about to expire',
    message: 'You have been inactive for a while. For your security you will be signed out soon.',
    countdown: 'Signing out in {seconds} s.',
    stay: 'Stay signed in',
    signout: 'Sign out now',
    announce: 'You will be signed out in {seconds} seconds.',
    'title-warning': 'Signing out in {seconds} s'
  };

  // ---- pure logic, tested in tests/js (ms; warn, expire: s)

  const config = (get) => {
    const num = (n, d) => (/^\d+$/.test(get(n)) ? +get(n) : d);
    const c = { warn: num('warn-after', 540), expire: num('expire-after', 600) || 600, text: {} };
    if (c.warn >= c.expire) c.warn = Math.floor(c.expire * 0.9);
    c.ping = get('ping-url') || '/session_security/ping';
    c.logout = get('logout-url');
    c.confirm = get('confirm-form-discard'); // null: off
    for (const k in TEXTS) c.text[k] = get('text-' + k) || TEXTS[k];
    return c;
  };
  const fmt = (text, seconds) => text.replace(/\{seconds\}/g, seconds);
  const resolution = (expire) => Math.max(1, Math.min(60, Math.floor(expire / 20)));
  const fresh = (now, expire) => ({ last: now, lo: now - resolution(expire) * 1000, hi: now });
  const deadline = (s, expire) => Math.max(s.last, s.hi) + expire * 1000;
  const plan = (s, now, warn, expire) => {
    const end = deadline(s, expire), wa = s.last + warn * 1000;
    let sy = Infinity;
    if (now >= end) return { act: 'expire', due: end };
    if (now >= wa) return s.warned === s.last ? { at: end } : { act: 'warn', due: wa };
    if (wa > s.lo + expire * 1000 - 500) sy = Math.max(s.lo + warn * 1000, s.retry || 0);
    return now >= sy ? { act: 'sync', due: sy } : { at: Math.min(wa, sy) };
  };
  const idleFor = (s, now) => Math.max(0, Math.floor((now - s.last) / 1000));
  const patience = (s, now, expire) => Math.max(1000, Math.min(1e4, deadline(s, expire) - now));
  const parse = (status, body) => {
    try {
      const v = status === 401 ? 'logout' : status === 200 && JSON.parse(body);
      return v === 'logout' || (typeof v === 'number' && v >= 0) ? v : null;
    } catch {
      return null; // not JSON: a login page...
    }
  };
  const absorb = (s, t0, t1, idle) => {
    const hi = t1 - idle * 1000;
    s.lo = Math.max(s.lo, t0 - (idle + 1) * 1000);
    s.hi = Math.max(s.hi, hi);
    if (hi > s.last + 1500) s.last = hi;
    s.retry = t1 + 1000; // no keep-alive loop
  };
  const signsOut = (s, v, now, expire) => v === 'logout' || v >= expire || (v === null && now >= deadline(s, expire));
  const merge = (s, m) => {
    for (const k of ['last', 'lo', 'hi']) s[k] = Math.max(s[k], m[k] || 0);
    if (m.pong && !(s.pong?.t0 >= m.pong.t0)) s.pong = m.pong;
  };

  if (typeof module === 'object' && module?.exports) {
    module.exports = { config, fmt, resolution, fresh, deadline, plan, idleFor, patience, parse, absorb, signsOut, merge, TEXTS };
  }
  if (typeof document === 'undefined' || window.sessionSecurity) return;

  // ---- browser
  const doc = document, KEY = 'session-security', now = Date.now;
  const tag = doc.currentScript || doc.querySelector('script[data-session-security]');
  if (!tag) return;
  const C = config((n) => tag.getAttribute('data-' + n)), W = C.warn, E = C.expire, T = C.text;
  const on = (t, ev, f, o) => t.addEventListener(ev, f, o);
  const emit = (name, detail, cancelable) => doc.dispatchEvent(new CustomEvent(KEY + ':' + name, { detail, cancelable }));
  const s = fresh(now(), E);
  let timer, busy, left, shown, handled, mxy, dlgAt, dirty, bc, urgent;
  let host, dlg, cd, live, stayB, said, oldTitle;

  const post = (extra) => {
    const m = { ...s, ...extra };
    try {
      bc ? bc.postMessage(m) : localStorage.setItem(KEY, JSON.stringify(m));
    } catch {}
  };
  const receive = (m) => {
    if (!m || left) return;
    if (m.out) return out(1);
    merge(s, m);
    if (shown && now() < s.last + W * 1000) hide();
    check();
  };
  try {
    bc = new BroadcastChannel(KEY);
    bc.onmessage = (e) => receive(e.data);
  } catch {
    on(window, 'storage', (e) => e.key === KEY && receive(JSON.parse(e.newValue)));
  }

  const wait = (ms, v) => new Promise((ok) => setTimeout(ok, ms, v));
  const ping = async () => {
    const t0 = now(), ms = patience(s, t0, E), u = new URL(C.ping, location);
    u.searchParams.set('idleFor', idleFor(s, t0));
    const v = await Promise.race([wait(ms, null),
      fetch(u, {
        cache: 'no-store', headers: { Accept: 'application/json' }, signal: AbortSignal.timeout?.(ms)
      }).then(async (r) => parse(r.status, await r.text())).catch(() => null)]);
    if (typeof v === 'number') absorb(s, t0, now(), v);
    s.pong = { t0, v };
    post();
    return v;
  };
  // one ping per mark for all the tabs
  const shared = (due) => {
    const go = () => (s.pong?.t0 >= due ? s.pong.v : ping());
    return navigator.locks?.request(KEY, async () => wait(150, await go())) ?? wait(Math.random() * 400).then(go);
  };

  const check = () => {
    if (left) return;
    clearTimeout(timer);
    const t = now(), p = urgent && !busy ? { act: 'sync', due: urgent } : plan(s, t, W, E);
    let next = p.at || Infinity;
    render(t);
    if (shown) next = Math.min(next, t + ((deadline(s, E) - t) % 1000 || 1000));
    if (busy || !p.act) {
      timer = setTimeout(check, Math.min(next - t + 5, 2e9));
      return;
    }
    busy = 1;
    urgent = 0;
    if (p.act === 'warn') s.warned = s.last;
    shared(p.due).then((v) => {
      const t1 = now();
      busy = 0;
      if (signsOut(s, v, t1, E)) return out();
      if (v === null && p.act === 'sync') s.retry = t1 + Math.max(1000, W * 250);
      if (p.act === 'warn' && t1 >= s.last + W * 1000) show();
      check();
    });
  };

  const out = (fromOtherTab) => {
    if (left) return;
    left = 1;
    if (!fromOtherTab) post({ out: 1 });
    if (!emit('expire', 0, true)) hide(); // the app handles it
    else C.logout ? location.assign(C.logout) : location.reload();
  };

  const activity = (e) => {
    const t = now();
    if (left) return;
    if (e) {
      if (e.type === 'mousemove') {
        const xy = mxy;
        mxy = e.screenX + ',' + e.screenY;
        if (xy === mxy || Math.abs(t - dlgAt) < 250) return;
      }
      const path = e.composedPath();
      if (shown && path[0] !== dlg && path.includes(host)) return; // in the dialog box
      if (Math.abs(t - handled) < 1000) return; // a clock set back is not recent
    }
    if (t >= deadline(s, E)) return e ? check() : out(); // nothing revives it
    if (t >= s.last + W * 1000) urgent = t; // warned: tell the server now
    handled = s.last = t;
    post();
    hide();
    emit('activity');
    check();
  };
  for (const n of ['mousemove', 'mousedown', 'keydown', 'wheel', 'scroll', 'touchstart', 'pointerdown']) {
    on(doc, n, activity, { capture: true, passive: true });
  }
  on(window, 'focus', check);
  on(doc, 'visibilitychange', check);
  on(window, 'pageshow', (e) => {
    if (e.persisted && (left || now() >= deadline(s, E))) location.reload();
    else check();
  });

  // -- the dialog, in a shadow root --
  const CSS = ':host{all:initial}dialog{border:0;padding:0;background:0}dialog::backdrop{background:#0009}' +
    '.b{max-width:30em;padding:1.5em;background:#fff;color:#000;border:4px solid;font:1rem/1.4 system-ui,sans-serif}' +
    'h2{margin-top:0}button{font:inherit;margin:.3em .3em 0 0;padding:.5em 1em}.s{background:#00703c;color:#fff}' +
    '.v{position:absolute;clip:rect(0 0 0 0)}';
  const el = (parent, name, text, attrs) => {
    const x = doc.createElement(name);
    x.textContent = text;
    for (const a in attrs) x.setAttribute(a, attrs[a]);
    return parent.appendChild(x);
  };
  const build = () => {
    host = doc.createElement('session-security');
    const root = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      el(root, 'style', CSS).nonce = tag.nonce;
    }
    dlg = el(root, 'dialog', '', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 't', 'aria-describedby': 'm' });
    const b = el(dlg, 'div', '', { class: 'b' });
    el(b, 'h2', T.title, { id: 't' });
    el(b, 'p', T.message, { id: 'm' });
    cd = el(b, 'p', '', { 'aria-hidden': 'true' });
    live = el(b, 'p', '', { class: 'v', 'aria-live': 'polite' });
    const bar = el(b, 'div');
    stayB = el(bar, 'button', T.stay, { class: 's' });
    on(stayB, 'click', () => activity());
    if (C.logout) on(el(bar, 'button', T.signout), 'click', () => out());
    on(dlg, 'cancel', (e) => { e.preventDefault(); activity(); });
    on(dlg, 'keydown', (e) => { // keeps Tab inside
      const b = dlg.querySelectorAll('button'), i = e.shiftKey ? b.length - 1 : 0;
      if (e.key === 'Tab' && root.activeElement === b[b.length - 1 - i]) {
        e.preventDefault();
        b[i].focus();
      }
    });
    on(dlg, 'close', () => shown && activity());
    (doc.body || doc.documentElement).append(host);
  };
  const show = () => {
    if (shown || left) return;
    if (!host) build();
    shown = 1;
    said = 1e9;
    dlgAt = now();
    oldTitle = doc.title;
    dlg.showModal();
    stayB.focus();
    emit('warn', { seconds: render(dlgAt) });
  };
  const hide = () => {
    if (!shown) return;
    shown = 0;
    dlgAt = now();
    dlg.close();
    doc.title = oldTitle;
  };
  const render = (t) => {
    if (!shown) return;
    const n = Math.max(0, Math.ceil((deadline(s, E) - t) / 1000));
    cd.textContent = fmt(T.countdown, n);
    doc.title = fmt(T['title-warning'], n);
    if (said - n >= 20) live.textContent = fmt(T.announce, (said = n));
    return n;
  };

  // -- confirm form discard --
  if (C.confirm !== null) {
    on(doc, 'input', (e) => { if (e.target.form !== undefined) dirty = 1; }, true);
    on(window, 'submit', (e) => { if (!e.defaultPrevented) dirty = 0; });
    on(doc, 'reset', () => { dirty = 0; }, true);
    on(window, 'beforeunload', (e) => {
      if (dirty && !left) {
        e.preventDefault();
        e.returnValue = C.confirm || '?';
      }
    });
  }

  window.sessionSecurity = { activity: () => activity(), idle: () => idleFor(s, now()), signOut: () => out() };
  post();
  check();
})();
