/**
 * The activity clock of a tab and the plan of its next mark: pure functions
 * of the tab's state and the wall-clock time, with no timers and no DOM, so
 * that node can test them (tests/js/).
 *
 * Times are milliseconds of the wall clock (Date.now()); warnAfter and
 * expireAfter are seconds, as in the configuration. A tab reaches three kinds
 * of marks (docs/CLIENT.md, "How it works"):
 * - 'warn': WarnAfter after the last activity: ping, then show the dialog;
 * - 'expire': the deadline, ExpireAfter after the later of the last activity
 *   and the server's stamp: ping, and sign out unless the server disagrees;
 * - 'keep-alive': while the user works without making requests, tell the
 *   server before it could expire the session.
 * With SessionSecurityMaxLifetime (the tag's data-lifetime-left), two more,
 * when the lifetime ends before the idle deadline:
 * - 'lifetime-warn': as long before the lifetime's end as the idle warning
 *   comes before the idle deadline: show the dialog that cannot extend;
 * - 'lifetime-end': the lifetime's end: ping, and sign out.
 * @module activity-clock
 */

const MS_PER_SECOND = 1000;

/**
 * The module's stamp throttle, max(1, min(60, ExpireAfter / 20)) seconds
 * (stamp_resolution() in mod_session_security/settings.h): a page request
 * rewrites the server's stamp only when it moves by at least this much.
 */
const STAMP_RESOLUTION_DIVISOR = 20;
const STAMP_RESOLUTION_MIN_S = 1;
const STAMP_RESOLUTION_MAX_S = 60;
/**
 * The keep-alive must reach the server before its earliest possible expiry:
 * half a second is left for the request to get there.
 */
const KEEP_ALIVE_LEAD_MS = 500;
/**
 * The server answers whole seconds, so its stamp is known to a second; a
 * stamp more than that plus half a second (network) later than our last
 * activity means someone was active elsewhere (another browser, a request).
 */
const ACTIVITY_ELSEWHERE_MS = 1500;
/**
 * No keep-alive within a second of a ping answer: an answer that does not
 * move the stamp's lower bound then cannot start a loop of pings.
 */
const NO_KEEP_ALIVE_AFTER_ANSWER_MS = 1000;
/** A failed keep-alive is retried after this share of WarnAfter... */
const KEEP_ALIVE_RETRY_SHARE_OF_WARN = 0.25;
/** ...but not sooner than a second later. */
const KEEP_ALIVE_RETRY_MIN_MS = 1000;
/**
 * How long a ping may wait for its answer: until the local deadline, but at
 * least a second (so that the expire ping, sent at the deadline, can be
 * answered) and at most 10 seconds (an answer that late is no use).
 */
const PATIENCE_MIN_MS = 1000;
const PATIENCE_MAX_MS = 10_000;
/** The visible countdown changes every second. */
const COUNTDOWN_STEP_MS = 1000;

/** The kinds of marks that planNextMark() returns in `action`. */
export const WARN = 'warn';
export const EXPIRE = 'expire';
export const KEEP_ALIVE = 'keep-alive';
export const LIFETIME_WARN = 'lifetime-warn';
export const LIFETIME_END = 'lifetime-end';

/**
 * @typedef {number | 'logout' | null} PingAnswer - the server's idle seconds,
 *   'logout' (no signed-in session any more), or null (the ping failed)
 */
/**
 * @typedef {object} TabState - what a tab knows; shared with the other tabs
 * @property {number} activeAt - the last activity in any tab of the browser
 * @property {number} stampMin - lower bound of the server's stamp
 * @property {number} stampMax - upper bound of the server's stamp
 * @property {number} [warnedFor] - the activeAt whose warning mark was handled
 * @property {{sentAt: number, value: PingAnswer}} [lastAnswer] - the latest
 *   ping answer of any tab, with the time its ping was sent
 * @property {number} [keepAliveFrom] - no keep-alive before this time
 * @property {boolean} [lifetimeWarned] - this tab showed the lifetime warning
 */
/**
 * @typedef {{wakeAt: number} | {action: string, markAt: number}} Plan - either
 *   nothing to do before `wakeAt`, or a mark (WARN, EXPIRE or KEEP_ALIVE)
 *   reached at `markAt`, to act on now
 */

/**
 * The server's stamp throttle in seconds.
 * @param {number} expireAfter
 * @returns {number}
 */
export function stampResolution(expireAfter) {
  const share = Math.floor(expireAfter / STAMP_RESOLUTION_DIVISOR);
  return Math.max(STAMP_RESOLUTION_MIN_S, Math.min(STAMP_RESOLUTION_MAX_S, share));
}

/**
 * The state of a tab at its page load. Without `idleMs` the page load is
 * activity, and the server stamped it (at most one stamp resolution earlier,
 * by its throttle). With it (data-idle-ms), the server's stamp is that much
 * older than its answer: a page that reloads itself, which the server does
 * not count as activity, then warns and signs out on time. The answer is
 * older than `now`, so the stamp is at most `now - idleMs`.
 * @param {number} now
 * @param {number} expireAfter
 * @param {number} [idleMs] - the session's idle time as the page was answered
 * @returns {TabState}
 */
export function initialState(now, expireAfter, idleMs = 0) {
  const stampMax = now - idleMs;
  return {
    activeAt: stampMax,
    stampMin: stampMax - stampResolution(expireAfter) * MS_PER_SECOND,
    stampMax,
  };
}

/**
 * The time the tab signs out unless there is activity first.
 * @param {TabState} state
 * @param {number} expireAfter
 * @returns {number}
 */
export function deadline(state, expireAfter) {
  return Math.max(state.activeAt, state.stampMax) + expireAfter * MS_PER_SECOND;
}

/**
 * The time of the warn mark for the last activity.
 * @param {TabState} state
 * @param {number} warnAfter
 * @returns {number}
 */
export function warnMark(state, warnAfter) {
  return state.activeAt + warnAfter * MS_PER_SECOND;
}

/**
 * The time of the lifetime's warning: ExpireAfter - WarnAfter before its end,
 * the lead time of the idle warning.
 * @param {number} lifetimeEnd - when SessionSecurityMaxLifetime ends the session
 * @param {number} warnAfter
 * @param {number} expireAfter
 * @returns {number}
 */
export function lifetimeWarnMark(lifetimeEnd, warnAfter, expireAfter) {
  return lifetimeEnd - (expireAfter - warnAfter) * MS_PER_SECOND;
}

/**
 * What to do next.
 * @param {TabState} state
 * @param {number} now
 * @param {number} warnAfter
 * @param {number} expireAfter
 * @param {number} [lifetimeEnd] - when SessionSecurityMaxLifetime ends the
 *   session (Infinity: no limit)
 * @returns {Plan}
 */
export function planNextMark(state, now, warnAfter, expireAfter, lifetimeEnd = Infinity) {
  const expireAt = deadline(state, expireAfter);
  const warnAt = warnMark(state, warnAfter);
  // The lifetime ends first: its warning, which no activity can dismiss,
  // replaces the idle one (whose deadline would never come).
  const lifetimeFirst = lifetimeEnd <= expireAt;
  const lifetimeWarnAt = lifetimeWarnMark(lifetimeEnd, warnAfter, expireAfter);
  if (lifetimeFirst && now >= lifetimeEnd) {
    return { action: LIFETIME_END, markAt: lifetimeEnd };
  }
  if (lifetimeFirst && now >= lifetimeWarnAt && !state.lifetimeWarned) {
    return { action: LIFETIME_WARN, markAt: lifetimeWarnAt };
  }
  if (now >= expireAt) {
    return { action: EXPIRE, markAt: expireAt };
  }
  if (now >= warnAt && !lifetimeFirst) {
    if (state.warnedFor === state.activeAt) {
      return { wakeAt: expireAt };
    }
    return { action: WARN, markAt: warnAt };
  }
  // The server only sees requests: when the warn ping would come after the
  // earliest moment the server could expire the session, ping one WarnAfter
  // after the server was last told instead.
  let keepAliveAt = Infinity;
  const earliestServerExpiry = state.stampMin + expireAfter * MS_PER_SECOND;
  if (warnAt > earliestServerExpiry - KEEP_ALIVE_LEAD_MS) {
    keepAliveAt = Math.max(state.stampMin + warnAfter * MS_PER_SECOND, state.keepAliveFrom || 0);
  }
  if (now >= keepAliveAt) {
    return { action: KEEP_ALIVE, markAt: keepAliveAt };
  }
  let nextMark = warnAt;
  if (lifetimeFirst) {
    nextMark = state.lifetimeWarned ? lifetimeEnd : lifetimeWarnAt;
  }
  return { wakeAt: Math.min(nextMark, keepAliveAt) };
}

/**
 * The idleFor of a ping: whole seconds since the last activity, never negative.
 * @param {TabState} state
 * @param {number} now
 * @returns {number}
 */
export function idleSeconds(state, now) {
  return Math.max(0, Math.floor((now - state.activeAt) / MS_PER_SECOND));
}

/**
 * The seconds the countdown shows: left before the deadline, rounded up.
 * @param {TabState} state
 * @param {number} now
 * @param {number} expireAfter
 * @returns {number}
 */
export function secondsLeft(state, now, expireAfter) {
  return secondsUntil(deadline(state, expireAfter), now);
}

/**
 * The seconds left before a time, rounded up, never negative.
 * @param {number} end
 * @param {number} now
 * @returns {number}
 */
export function secondsUntil(end, now) {
  return Math.max(0, Math.ceil((end - now) / MS_PER_SECOND));
}

/**
 * When the countdown shows its next value; Infinity past the deadline (it
 * stays at 0).
 * @param {TabState} state
 * @param {number} now
 * @param {number} expireAfter
 * @returns {number}
 */
export function nextCountdownChange(state, now, expireAfter) {
  return nextSecondChange(deadline(state, expireAfter), now);
}

/**
 * When a countdown to `end` shows its next value; Infinity once it is 0.
 * @param {number} end
 * @param {number} now
 * @returns {number}
 */
export function nextSecondChange(end, now) {
  const left = end - now;
  if (left <= 0) {
    return Infinity;
  }
  return now + (left % COUNTDOWN_STEP_MS || COUNTDOWN_STEP_MS);
}

/**
 * How long a ping sent now may wait for its answer (ms).
 * @param {TabState} state
 * @param {number} now
 * @param {number} expireAfter
 * @returns {number}
 */
export function pingPatience(state, now, expireAfter) {
  return Math.max(PATIENCE_MIN_MS, Math.min(PATIENCE_MAX_MS, deadline(state, expireAfter) - now));
}

/**
 * How long after a failed keep-alive the next one may be sent (ms).
 * @param {number} warnAfter
 * @returns {number}
 */
export function keepAliveRetryDelay(warnAfter) {
  return Math.max(KEEP_ALIVE_RETRY_MIN_MS, warnAfter * MS_PER_SECOND * KEEP_ALIVE_RETRY_SHARE_OF_WARN);
}

/**
 * Takes in the server's idle seconds, answered at `answeredAt` to a ping sent
 * at `sentAt`: the bounds of its stamp narrow, and a stamp clearly later
 * than the last activity is activity elsewhere. Changes `state`.
 * @param {TabState} state
 * @param {number} sentAt
 * @param {number} answeredAt
 * @param {number} serverIdleSeconds
 */
export function absorbPingAnswer(state, sentAt, answeredAt, serverIdleSeconds) {
  const latestStamp = answeredAt - serverIdleSeconds * MS_PER_SECOND;
  // whole seconds: the server's idle time may be up to a second more
  const earliestStamp = sentAt - (serverIdleSeconds + 1) * MS_PER_SECOND;
  state.stampMin = Math.max(state.stampMin, earliestStamp);
  state.stampMax = Math.max(state.stampMax, latestStamp);
  if (latestStamp > state.activeAt + ACTIVITY_ELSEWHERE_MS) {
    state.activeAt = latestStamp;
  }
  state.keepAliveFrom = answeredAt + NO_KEEP_ALIVE_AFTER_ANSWER_MS;
}

/**
 * Does this ping answer, received now, sign the tab out? Yes for 'logout',
 * for a confirmed idle time of ExpireAfter or more (as
 * django-session-security's server confirms it), and for a failure past the
 * deadline: a failed ping never keeps a tab signed in.
 * @param {TabState} state
 * @param {PingAnswer} answer
 * @param {number} now
 * @param {number} expireAfter
 * @returns {boolean}
 */
export function answerSignsOut(state, answer, now, expireAfter) {
  if (answer === null) {
    return now >= deadline(state, expireAfter);
  }
  return answer === 'logout' || answer >= expireAfter;
}

/** The times of a TabState that another tab's message can move forward. */
const SHARED_TIMES = ['activeAt', 'stampMin', 'stampMax'];

/**
 * Takes in another tab's state (its message): the later of each time
 * wins (activity, both bounds of the server's stamp), and the answer to the
 * later ping is kept.
 * Changes `state`.
 * @param {TabState} state
 * @param {object} message
 */
export function mergeTabState(state, message) {
  for (const key of SHARED_TIMES) {
    state[key] = Math.max(state[key], message[key] || 0);
  }
  const answer = message.lastAnswer;
  if (answer && !(state.lastAnswer?.sentAt >= answer.sentAt)) {
    state.lastAnswer = answer;
  }
}
