/**
 * Callbacks for the reactions of native Promises, which may drain the stage's run at once.
 *
 * @module
 */
import type { StageLogic } from '../../../core/StageLogic.js'

const nativeThen = Promise.prototype.then

/**
 * True when `x` is a native Promise with the native `then`: its reactions run from the microtask
 * queue, on a clean stack, never inside the `then` call or inside anyone else's code.
 *
 * @internal
 */
export function isNativePromise(x: unknown): x is Promise<unknown> {
  return x instanceof Promise && x.then === nativeThen
}

/**
 * Like `stage.getAsyncCallback(handler)`, for a callback passed only to a native Promise's `then`
 * (see {@link isNativePromise}): when it is called, the run delivers it at once instead of waking
 * up one microtask later (`Interpreter.settle`), which halves the microtasks per async element.
 * Calls after the stage stopped are dropped.
 *
 * @internal
 */
export function reactionCallback<A>(stage: StageLogic, handler: (arg: A) => void): (arg: A) => void {
  return (arg: A) => stage.interpreter.settle(stage, handler as (arg: unknown) => void, arg)
}
