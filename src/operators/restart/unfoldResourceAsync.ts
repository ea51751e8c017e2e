import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from '../async/internal/reactionCallback.js'

/**
 * Like {@link unfoldResource} with asynchronous `create`, `read` and `close`: one call in flight
 * at a time, `read` only on demand, and `close` exactly once after the resource was created,
 * whether the stream completes, fails or is cancelled (a cancel that arrives while `create` or
 * `read` is pending waits for it, then closes).
 *
 * ```
 * out:    --a---b---|        unfoldResourceAsync(open, read, close)
 * close:           ^
 * ```
 * - **Emits when** downstream pulls and `read`'s Promise resolves with an element
 * - **Completes when** `read` resolves `undefined` and `close` has resolved
 * - **Fails when** `create`, `read` or `close` throws or rejects (after `close` for a failed `read`)
 * - **Cancels when** downstream cancels (the resource is closed once `close` resolves the stage stops)
 *
 * @example
 * ```ts
 * const pages = Source.unfoldResourceAsync(
 *   async () => ({ page: 0 }),                                            // open a connection
 *   async (conn) => (conn.page < 3 ? `page ${conn.page++}` : undefined),  // fetch the next page
 *   async () => {},                                                       // close it
 * )
 * await pages.runCollect() // ['page 0', 'page 1', 'page 2']
 * ```
 * @see {@link unfoldResource}, {@link operators!source.unfoldAsync | unfoldAsync}
 * @category restart
 * @since 0.1.0
 */
export function unfoldResourceAsync<R, T>(
  create: () => PromiseLike<R>,
  read: (resource: R) => PromiseLike<T | undefined>,
  close: (resource: R) => PromiseLike<void> | void,
): SourceGraph<T, NotUsed> {
  requireFunction('unfoldResourceAsync', 'create', create)
  requireFunction('unfoldResourceAsync', 'read', read)
  requireFunction('unfoldResourceAsync', 'close', close)
  return sourceOf('unfoldResourceAsync', () => new UnfoldResourceAsync(create, read, close))
}

class UnfoldResourceAsync<R, T> extends SourceStage<T> {
  private resource: R = undefined as R
  private open = false
  private busy = false
  private cancelled = false
  /** What to do once `close` resolved: complete, or fail with this error. */
  private afterClose: { readonly error: unknown } | null = null

  private readonly onCreated = this.getAsyncCallback<R>((resource) => {
    this.busy = false
    this.resource = resource
    this.open = true
    if (this.cancelled) this.closeThen(null)
    else if (this.isAvailable(this.out)) this.readNext()
  })
  private readonly onCreateFailed = this.getAsyncCallback<unknown>((error) => {
    this.busy = false
    this.setKeepGoing(false)
    this.failStage(error)
  })
  private readonly readDone = (elem: T | undefined): void => {
    this.busy = false
    if (this.cancelled) this.closeThen(null)
    else if (elem === undefined || elem === null) this.closeThen(null)
    else this.push(this.out, elem)
  }
  private readonly readFailed = (error: unknown): void => {
    this.busy = false
    this.closeThen(this.cancelled ? null : { error })
  }
  private readonly reads = new ResultCallbacks<T | undefined>(this, this.readDone, this.readFailed)
  private readonly onClosed = this.getAsyncCallback<void>(() => this.finish(this.afterClose))
  private readonly onCloseFailed = this.getAsyncCallback<unknown>((error) => {
    if (this.cancelled || this.afterClose !== null) this.interpreter.onUnhandledError(error, this.name) // nowhere else to go
    this.finish(this.afterClose ?? (this.cancelled ? null : { error }))
  })

  constructor(
    private readonly create: () => PromiseLike<R>,
    private readonly read: (resource: R) => PromiseLike<T | undefined>,
    private readonly close: (resource: R) => PromiseLike<void> | void,
  ) {
    super()
  }

  override preStart(): void {
    this.busy = true
    Promise.resolve(this.create()).then(this.onCreated, this.onCreateFailed)
  }

  onPull(): void {
    if (this.open && !this.busy) this.readNext()
  }

  override onDownstreamFinish(): void {
    this.cancelled = true
    if (this.busy) return this.setKeepGoing(true) // close once create/read settles
    if (this.open) {
      this.setKeepGoing(true)
      return this.closeThen(null)
    }
    this.completeStage()
  }

  override postStop(): void {
    // Only after a synchronous throw in `read`: close without waiting, report what it rejects with.
    if (!this.open) return
    this.open = false
    Promise.resolve(this.close(this.resource)).then(undefined, (e: unknown) => this.interpreter.onUnhandledError(e, this.name))
  }

  private readNext(): void {
    this.busy = true
    // Promise.resolve gives a native Promise (a thenable is adopted by one): its callbacks run only
    // from its reactions, unless Promise.prototype.then was replaced.
    const p: PromiseLike<T | undefined> = Promise.resolve(this.read(this.resource))
    this.reads.listen(p)
  }

  private closeThen(after: { readonly error: unknown } | null): void {
    this.open = false
    this.afterClose = after
    this.busy = true
    const resource = this.resource
    // called from a Promise job, so a close that throws synchronously arrives as a rejection too
    // (a throw here could leave a stage kept alive for the close waiting forever)
    Promise.resolve()
      .then(() => this.close(resource))
      .then(this.onClosed, this.onCloseFailed)
  }

  private finish(outcome: { readonly error: unknown } | null): void {
    this.setKeepGoing(false)
    if (outcome === null) this.completeStage()
    else this.failStage(outcome.error)
  }
}
