/**
 * The session as one tab lives it: a single timer re-armed to the next mark
 * of the activity clock, the ping at each mark (once for all the tabs), the
 * warning dialog, and the sign-out. Everything is computed from the wall
 * clock when it runs (Date.now()), so a throttled background tab or a laptop
 * waking from sleep acts at once on the real time.
 * @module tab-session
 */
import {
  KEEP_ALIVE, LIFETIME_END, LIFETIME_WARN, WARN, absorbPingAnswer, answerSignsOut, deadline,
  idleSeconds, initialState, keepAliveRetryDelay, mergeTabState, nextSecondChange, pingPatience,
  planNextMark, secondsUntil, warnMark,
} from './activity-clock.js';
import { watchActivity } from './activity-watcher.js';
import { pingServer } from './ping.js';
import { emitEvent } from './public-api.js';
import { answerOncePerMark, openTabChannel } from './tab-coordination.js';

/**
 * Activity is handled at most once a second: enough for the clock, whose
 * marks are whole seconds, and cheap during a mouse move.
 */
const ACTIVITY_THROTTLE_MS = 1000;
/** The timer fires a little after a mark, so that Date.now() has reached it. */
const TIMER_LATENESS_MS = 5;
/** setTimeout takes a signed 32-bit delay: a longer one would fire at once. */
const MAX_TIMER_MS = 2e9;
/**
 * The dialog until it is loaded (warning-dialog.js comes with the first
 * warning): never open, so nothing in it to ignore or to close.
 */
const NO_DIALOG = {
  isOpen: () => false,
  isLifetime: () => false,
  ignores: () => false,
  close() {},
};

/**
 * @typedef {object} TabSession
 * @property {() => void} countActivity - counts activity that the app reports
 * @property {() => number} idleSeconds - seconds since the last activity in any tab
 * @property {() => void} signOut - signs out every tab
 * @property {() => boolean} hasSignedOut - true once this tab signs out (or stops)
 */

/**
 * Starts the clock of this tab: listens to activity and to the other tabs,
 * tells them about this page load (activity), and plans the first mark.
 * @param {import('./config.js').Config} config
 * @param {HTMLScriptElement} scriptTag - for the CSP nonce of the dialog's style
 * @param {(options: object) => Promise<import('./warning-dialog.js').WarningDialog>} loadDialog -
 *   creates the dialog (createWarningDialog's options but the language),
 *   once its code and texts are loaded; called at the first warn mark
 * @param {?{save: () => Promise<void>}} [drafts] - drafts.js, when drafts are on:
 *   saved before a sign-out for inactivity leaves the page
 * @returns {TabSession}
 */
export function startTabSession(config, scriptTag, loadDialog, drafts = null) {
  const { warnAfter, expireAfter } = config;
  const state = initialState(Date.now(), expireAfter, config.idleMs);
  // SessionSecurityMaxLifetime's end, counted from the page load: the
  // server counted it when it sent the page, so the tab is never early.
  const lifetimeEnd = config.lifetimeLeft < 0 ? Infinity : Date.now() + config.lifetimeLeft * 1000;
  let markTimer = 0;
  let pingInFlight = false;
  let signedOut = false;
  let lastCountedActivity = -Infinity;
  // Set when a warned user comes back: the server must hear of it now, not
  // at the next keep-alive mark.
  let keepAliveNowFrom = 0;

  let dialog = NO_DIALOG;
  let dialogLoading = null;
  const tabs = openTabChannel(receiveFromOtherTab);

  /**
   * Loads the dialog (once), then calls `then` with it; nothing is called
   * when it cannot be loaded: the warn event has told the page, and the
   * sign-out still comes on time.
   */
  function withDialog(then = () => {}) {
    dialogLoading ??= loadDialog({
      nonce: scriptTag.nonce,
      withSignOut: !!config.logoutUrl,
      onStay: () => countActivity(),
      onClose: () => planNextMarkAndWait(),
      onSignOut: () => signOut(false, true),
    }).then((loaded) => {
      dialog = loaded;
    }, (error) => {
      dialogLoading = null; // the next warning tries again
      throw error;
    });
    dialogLoading.then(() => then(dialog), () => {});
  }

  function tellOtherTabs(extra) {
    tabs.post({ ...state, ...extra });
  }

  function receiveFromOtherTab(message) {
    if (!message || signedOut) {
      return;
    }
    if (message.signedOut) {
      signOut(true, message.byUser);
      return;
    }
    mergeTabState(state, message);
    if (dialog.isOpen() && !dialog.isLifetime() && Date.now() < warnMark(state, warnAfter)) {
      dialog.close(); // active in another tab
    }
    planNextMarkAndWait();
  }

  // The heart of the client: called by the timer, by every activity, every
  // message of another tab, every ping answer, and on focus and page show.
  function planNextMarkAndWait() {
    if (signedOut) {
      return;
    }
    clearTimeout(markTimer);
    const now = Date.now();
    const plan = keepAliveNowFrom && !pingInFlight
      ? { action: KEEP_ALIVE, markAt: keepAliveNowFrom }
      : planNextMark(state, now, warnAfter, expireAfter, lifetimeEnd);
    if (plan.action === LIFETIME_WARN) {
      // nothing to ask the server: no activity moves this deadline
      state.lifetimeWarned = true;
      showWarning(true);
      planNextMarkAndWait();
      return;
    }
    let wakeAt = plan.wakeAt || Infinity;
    if (dialog.isOpen()) {
      const end = dialog.isLifetime() ? lifetimeEnd : deadline(state, expireAfter);
      dialog.showSecondsLeft(secondsUntil(end, now));
      wakeAt = Math.min(wakeAt, nextSecondChange(end, now));
    }
    if (pingInFlight || !plan.action) {
      markTimer = setTimeout(planNextMarkAndWait, Math.min(wakeAt - now + TIMER_LATENESS_MS, MAX_TIMER_MS));
      return;
    }
    pingInFlight = true;
    keepAliveNowFrom = 0;
    if (plan.action === WARN) {
      state.warnedFor = state.activeAt;
      withDialog(); // loaded while the ping asks the server
    }
    // a lock refused or a ping that threw is a failed ping: the clock goes on
    answerOncePerMark(plan.markAt, () => state.lastAnswer, pingAndTell)
      .catch(() => null)
      .then((answer) => actOnAnswer(plan.action, answer));
  }

  async function pingAndTell() {
    const sentAt = Date.now();
    const answer = await pingServer(config.pingUrl, idleSeconds(state, sentAt), pingPatience(state, sentAt, expireAfter));
    if (typeof answer === 'number') {
      absorbPingAnswer(state, sentAt, Date.now(), answer);
    }
    state.lastAnswer = { sentAt, value: answer };
    tellOtherTabs();
    return answer;
  }

  function actOnAnswer(action, answer) {
    const now = Date.now();
    pingInFlight = false;
    // the lifetime's end: whatever the answer ('logout' from the server,
    // which judged it too), the session cannot go on
    if (action === LIFETIME_END || answerSignsOut(state, answer, now, expireAfter)) {
      signOut();
      return;
    }
    if (answer === null && action === KEEP_ALIVE) {
      state.keepAliveFrom = now + keepAliveRetryDelay(warnAfter);
    }
    // still idle everywhere (the answer may have told of activity elsewhere)
    if (action === WARN && now >= warnMark(state, warnAfter)) {
      showWarning();
    }
    planNextMarkAndWait();
  }

  /**
   * @param {boolean} [lifetime] - the warning before the lifetime's end
   */
  function showWarning(lifetime = false) {
    if ((dialog.isOpen() && dialog.isLifetime() === lifetime) || signedOut) {
      return;
    }
    const seconds = secondsUntil(lifetime ? lifetimeEnd : deadline(state, expireAfter), Date.now());
    emitEvent('warn', lifetime ? { seconds, lifetime } : { seconds });
    withDialog((loaded) => {
      // still due once loaded? (activity here or in another tab, or a
      // sign-out, may have come meanwhile)
      if (signedOut || (!lifetime && Date.now() < warnMark(state, warnAfter))) {
        return;
      }
      loaded.open(lifetime);
      planNextMarkAndWait(); // shows the seconds left, and counts them down
    });
  }

  /**
   * @param {boolean} [toldByOtherTab] - another tab signed out: do not tell the others again
   * @param {boolean} [byUser] - "Sign out now" (here or in another tab), not
   *   inactivity: no draft is kept
   */
  function signOut(toldByOtherTab = false, byUser = false) {
    if (signedOut) {
      return;
    }
    signedOut = true;
    if (!toldByOtherTab) {
      tellOtherTabs({ signedOut: true, byUser });
    }
    if (!emitEvent('expire', undefined, true)) {
      dialog.close(); // the app handles it; the client stays stopped
      return;
    }
    leavePage(!byUser, () => {
      if (config.logoutUrl) {
        location.assign(config.logoutUrl);
      } else {
        location.reload(); // the server then shows its login page
      }
    });
  }

  /**
   * @param {boolean} keepDraft - save the draft first (when drafts are on)
   * @param {() => void} leave
   */
  function leavePage(keepDraft, leave) {
    if (drafts && keepDraft) {
      // The draft is encrypted before the page goes: a failure keeps
      // nothing, but never keeps the tab signed in.
      drafts.save().catch(() => {}).then(leave);
    } else {
      leave();
    }
  }

  /**
   * @param {Event} [event] - absent for activity that the app, or the
   *   dialog's "Stay signed in", reports
   */
  function countActivity(event) {
    const now = Date.now();
    if (signedOut) {
      return;
    }
    if (event) {
      if (dialog.ignores(event, now)) {
        return;
      }
      // either side: a wall clock set back must not block activity
      if (Math.abs(now - lastCountedActivity) < ACTIVITY_THROTTLE_MS) {
        return;
      }
    }
    if (now >= deadline(state, expireAfter)) {
      // nothing revives a tab past its deadline: a person's input only
      // makes it act now; "Stay signed in" signs out
      if (event) {
        planNextMarkAndWait();
      } else {
        signOut();
      }
      return;
    }
    if (now >= warnMark(state, warnAfter)) {
      keepAliveNowFrom = now;
    }
    lastCountedActivity = now;
    state.activeAt = now;
    tellOtherTabs();
    if (!dialog.isLifetime()) {
      dialog.close(); // the lifetime's warning stays: activity cannot extend it
    }
    emitEvent('activity');
    planNextMarkAndWait();
  }

  watchActivity(countActivity);
  window.addEventListener('focus', planNextMarkAndWait);
  document.addEventListener('visibilitychange', planNextMarkAndWait);
  window.addEventListener('pageshow', (event) => {
    // restored from the back-forward cache after the deadline: the server
    // has expired the session too, a reload shows its login page
    if (event.persisted && (signedOut || Date.now() >= Math.min(deadline(state, expireAfter), lifetimeEnd))) {
      leavePage(!signedOut, () => location.reload());
    } else {
      planNextMarkAndWait();
    }
  });

  return {
    countActivity: () => countActivity(),
    idleSeconds: () => idleSeconds(state, Date.now()),
    signOut: () => signOut(false, true),
    hasSignedOut: () => signedOut,
    start() {
      tellOtherTabs(); // the page's news of the server's stamp, for every tab
      planNextMarkAndWait();
    },
  };
}
