import { finished, type Writable } from 'node:stream'
import { requireDefined } from '../../core/args.js'
import { deferred } from '../../core/deferred.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { sinkOf } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'
import { Sink } from '../../dsl/Sink.js'

/**
 * Options of {@link toWritable}.
 *
 * @category interop
 * @since 0.1.0
 */
export interface ToWritableOptions {
  /** End the Writable when the stream completes (default `true`, as `pipe` does). */
  readonly end?: boolean
}

/**
 * A sink that writes each element to a Node `Writable`. When `write()` returns `false` it stops
 * pulling until `'drain'`, so the Writable's `highWaterMark` paces upstream. On completion it
 * ends the Writable and the Promise resolves at `'finish'`; on upstream failure the Writable is
 * destroyed with the error; a Writable `'error'` cancels upstream and rejects the Promise.
 *
 * ```
 * in:    -a-b-c----d-|
 * write: -t-t-f    t-     (f: write() returned false; the next pull waits for 'drain')
 * ```
 * - **Backpressures when** `write()` returned `false`, until `'drain'`
 * - **Completes when** upstream completes and the Writable finished (the Promise resolves)
 * - **Fails when** upstream fails (the Writable is destroyed), or the Writable errors or closes early (upstream is cancelled)
 *
 * @example
 * ```ts
 * import { Writable } from 'node:stream'
 * const seen: string[] = []
 * const writable = new Writable({ objectMode: true, write(x, _e, cb) { seen.push(x); cb() } })
 * await Source.from(['a', 'b']).runWith(toWritable(writable))
 * seen // ['a', 'b']
 * ```
 * @see {@link fromReadable}, {@link toReadable}, {@link asDuplex}
 * @category interop
 * @since 0.1.0
 */
export function toWritable<T>(writable: Writable, options: ToWritableOptions = {}): Sink<T, Promise<void>> {
  requireDefined('toWritable', 'writable', writable)
  if (typeof (writable as Partial<Writable>).write !== 'function' || typeof (writable as Partial<Writable>).on !== 'function')
    throw new TypeError('toWritable(writable): expected a Node Writable (an object with write and on)')
  const end = options.end ?? true
  return new Sink(sinkOf<T, Promise<void>>('toWritable', () => new WritableSink<T>(writable, end)).module)
}

class WritableSink<T> extends SinkStage<T> {
  private readonly result = deferred<void>()
  private settled = false
  /** `write()` returned false: the next pull waits for 'drain'. */
  private waiting = false
  /** We ended the Writable: its finish is the completion we wait for. */
  private ending = false
  private readonly onDrain = this.getAsyncCallback<void>(() => {
    this.waiting = false
    if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in)
  })
  private readonly drainListener = (): void => {
    if (this.waiting) this.onDrain()
  }
  private readonly onFinished = this.getAsyncCallback<Error | null | undefined>((error) => {
    if (error !== null && error !== undefined) this.writableFailed(error)
    else if (this.ending) {
      this.settle(undefined, false)
      this.setKeepGoing(false)
    } else this.writableFailed(new Error('toWritable: the Writable finished before the stream completed'))
  })

  constructor(
    private readonly writable: Writable,
    private readonly end: boolean,
  ) {
    super()
    this.mat = this.result.promise
  }

  override preStart(): void {
    this.writable.on('drain', this.drainListener)
    // finished()'s listeners stay after it fired, as Node recommends (a late 'error' must not crash).
    finished(this.writable, { readable: false }, (error) => this.onFinished(error))
    this.pull(this.in)
  }

  onPush(): void {
    if (this.writable.write(this.grab(this.in))) this.pull(this.in)
    else this.waiting = true
  }

  override onUpstreamFinish(): void {
    if (!this.end) {
      this.settle(undefined, false)
      this.completeStage()
      return
    }
    this.ending = true
    this.setKeepGoing(true)
    this.writable.end()
  }

  override onUpstreamFailure(error: unknown): void {
    this.settle(error, true)
    this.writable.destroy(error instanceof Error ? error : new Error(String(error), { cause: error }))
    this.failStage(error)
  }

  private writableFailed(error: unknown): void {
    this.settle(error, true)
    this.cancelStage(error)
    this.setKeepGoing(false)
  }

  private settle(error: unknown, failed: boolean): void {
    if (this.settled) return
    this.settled = true
    if (failed) this.result.reject(error)
    else this.result.resolve()
  }

  override postStop(): void {
    this.writable.off('drain', this.drainListener)
    this.settle(new AbruptTerminationError(`${this.name}: the stream stopped before the Writable finished`), true)
  }
}
