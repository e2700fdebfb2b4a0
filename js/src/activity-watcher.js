/**
 * What counts as a person's activity on the page: the DOM events that only
 * a person causes, listened to on the document in the capture phase
 * (passive), so that scrolling inside an element counts too.
 * @module activity-watcher
 */

/** Pointer, keyboard, scroll and touch input (SPEC 6). */
export const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'scroll', 'touchstart', 'pointerdown'];

/**
 * Calls `onActivity` for each activity event, except for a mousemove whose
 * screen position did not change (browsers send those when the page moves
 * under a still mouse, e.g. when the dialog opens).
 * @param {(event: Event) => void} onActivity
 */
export function watchActivity(onActivity) {
  let lastPosition = '';
  const listener = (event) => {
    if (event.type === 'mousemove') {
      const position = `${event.screenX},${event.screenY}`;
      const moved = position !== lastPosition;
      lastPosition = position;
      if (!moved) {
        return;
      }
    }
    onActivity(event);
  };
  for (const type of ACTIVITY_EVENTS) {
    document.addEventListener(type, listener, { capture: true, passive: true });
  }
}
