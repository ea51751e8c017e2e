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

/**
 * Where a stage sends the outcome of the thenables it waits for: `ok` and `err`, called as the
 * stage's async callbacks (`getAsyncCallback`) for any thenable, and as reaction callbacks for a
 * native Promise (see {@link reactionCallback}). `listen(p)` subscribes the right pair with one
 * `then`. Make one per stage (or per slot), not one per element.
 *
 * @internal
 */
export class ResultCallbacks<A> {
  private readonly onOk: (value: A) => void
  private readonly onErr: (error: unknown) => void
  private readonly okReaction: (value: A) => void
  private readonly errReaction: (error: unknown) => void

  constructor(stage: StageLogic, ok: (value: A) => void, err: (error: unknown) => void) {
    this.onOk = stage.getAsyncCallback<A>(ok)
    this.onErr = stage.getAsyncCallback<unknown>(err)
    this.okReaction = reactionCallback<A>(stage, ok)
    this.errReaction = reactionCallback<unknown>(stage, err)
  }

  /** Calls `ok` or `err` with how `p` settles, in the stage. */
  listen(p: PromiseLike<A>): void {
    if (isNativePromise(p)) (p as Promise<A>).then(this.okReaction, this.errReaction)
    else p.then(this.onOk, this.onErr)
  }
}
