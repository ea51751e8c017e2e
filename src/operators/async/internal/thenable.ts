/**
 * The one test the async operators make on what a user function returned.
 *
 * @module
 */

/**
 * True when `x` has a callable `then`: it is awaited with one `then(onOk, onErr)` reaction.
 * Anything else is a value already there and is handled synchronously, without a Promise.
 *
 * @internal
 */
export function isThenable<T>(x: T | PromiseLike<T>): x is PromiseLike<T> {
  return (
    x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as Partial<PromiseLike<T>>).then === 'function'
  )
}
