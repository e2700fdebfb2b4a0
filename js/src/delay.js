/**
 * A promise of a timer, shared by the modules that wait.
 * @module delay
 */

/**
 * @template T
 * @param {number} ms
 * @param {T} [value]
 * @returns {Promise<T>} resolved with `value` after `ms` milliseconds
 */
export function delay(ms, value) {
  return new Promise((resolve) => {
    setTimeout(resolve, ms, value);
  });
}
