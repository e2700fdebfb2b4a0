/**
 * The tabs of one browser act as one: they tell each other their state and
 * their sign-out (a BroadcastChannel, or `storage` events of localStorage
 * where there is none), and take turns at a mark (a Web Lock), so that N
 * tabs make one ping per mark, not N.
 * @module tab-coordination
 */
import { delay } from './delay.js';

/** The name of the channel, of the localStorage key and of the Web Lock. */
export const CHANNEL_NAME = 'session-security';
/**
 * The tab holding the lock keeps it this long after its answer, so that the
 * answer's broadcast reaches the other tabs before one of them takes the
 * lock and would ping again.
 */
const LOCK_HOLD_AFTER_ANSWER_MS = 150;
/**
 * Without Web Locks (non-secure contexts), each tab waits a random delay of
 * up to this long before pinging, so the first answer usually reaches the
 * others in time (rarely, two tabs ping at one mark).
 */
const UNLOCKED_SPREAD_MS = 400;

/**
 * @typedef {object} TabChannel
 * @property {(message: object) => void} post - tells the other tabs (never throws)
 */

/**
 * Opens the channel to the other tabs of this browser (same origin).
 * @param {(message: ?object) => void} onMessage - called with each message
 *   of another tab (null for a storage entry that was removed)
 * @returns {TabChannel}
 */
export function openTabChannel(onMessage) {
  let channel = null;
  try {
    channel = new BroadcastChannel(CHANNEL_NAME);
    channel.onmessage = (event) => onMessage(event.data);
  } catch {
    // A storage event fires in the other tabs of the origin when the value
    // changes: every message carries a new time, so it always changes.
    window.addEventListener('storage', (event) => {
      if (event.key === CHANNEL_NAME) {
        onMessage(JSON.parse(event.newValue));
      }
    });
  }
  return {
    post(message) {
      try {
        if (channel) {
          channel.postMessage(message);
        } else {
          localStorage.setItem(CHANNEL_NAME, JSON.stringify(message));
        }
      } catch {
        // storage full or forbidden: this tab goes on alone
      }
    },
  };
}

/**
 * Acts on a mark once for all the tabs: in turn (Web Lock), each tab uses an
 * answer that another tab got to a ping sent at or after the mark, and
 * pings only when there is none.
 * @template T
 * @param {number} markAt - the time of the mark
 * @param {() => ({sentAt: number, value: T} | undefined)} lastAnswer - the
 *   latest answer known to this tab (the other tabs' answers arrive as messages)
 * @param {() => Promise<T>} ping - pings, records and broadcasts its answer
 * @returns {Promise<T>} the answer for this mark
 */
export function answerOncePerMark(markAt, lastAnswer, ping) {
  const answerOrPing = () => {
    const answer = lastAnswer();
    return answer?.sentAt >= markAt ? answer.value : ping();
  };
  if (navigator.locks) {
    return navigator.locks.request(CHANNEL_NAME, async () => delay(LOCK_HOLD_AFTER_ANSWER_MS, await answerOrPing()));
  }
  return delay(Math.random() * UNLOCKED_SPREAD_MS).then(answerOrPing);
}
