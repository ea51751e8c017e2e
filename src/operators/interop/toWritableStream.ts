import { requireDefined } from '../../core/args.js'
import { deferred } from '../../core/deferred.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from '../async/internal/reactionCallback.js'

/**
 * A sink that writes each element to a WHATWG `WritableStream`, waiting for the writer to be
 * `ready` before each write, so the stream's backpressure (`desiredSize`) paces upstream. When
 * upstream completes the stream is closed and the Promise resolves once it is; when upstream
 * fails the stream is aborted with the error. When the stream errors, upstream is cancelled and
 * the Promise rejects with the stream's error.
 *
 * ```
 * in:     -a-b-----c-|
 * ready:  ^-^-----^---      (each write waits for the writer to be ready)
 * ```
 * - **Backpressures when** the writer is not `ready` (`desiredSize <= 0`)
 * - **Completes when** upstream completes and `close()` resolved (the Promise resolves)
 * - **Fails when** upstream fails (the stream is aborted), or the stream errors (upstream is cancelled)
 *
 * @example
 * ```ts
 * const seen: number[] = []
 * const stream = new WritableStream<number>({ write(x) { seen.push(x) } })
 * await Source.range(1, 3).runWith(Sink.toWritableStream(stream))
 * seen // [1, 2, 3]
 * ```
 * @see {@link fromReadableStream}, {@link toReadableStream}
 * @category interop
 * @since 0.1.0
 */
export function toWritableStream<T>(stream: WritableStream<T>): SinkGraph<T, Promise<void>> {
  requireDefined('toWritableStream', 'stream', stream)
  if (typeof (stream as Partial<WritableStream<T>>).getWriter !== 'function')
    throw new TypeError('toWritableStream(stream): expected a WritableStream (an object with getWriter)')
  return sinkOf('toWritableStream', () => new WritableStreamSink(stream))
}

class WritableStreamSink<T> extends SinkStage<T> {
  private writer: WritableStreamDefaultWriter<T> | null = null
  private readonly result = deferred<void>()
  private settled = false
  private readonly ready = (): void => {
    if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }
  private readonly streamError = (e: unknown): void => this.streamFailed(e)
  private readonly onStreamError = this.getAsyncCallback<unknown>(this.streamError)
  /** `writer.ready` is a native Promise in Node and the browsers, whose reactions may drain the run at once. */
  private readonly readiness = new ResultCallbacks<void>(this, this.ready, this.streamError)
  private readonly onClosed = this.getAsyncCallback<void>(() => {
    this.settle(undefined, false)
    this.setKeepGoing(false)
  })
  constructor(private readonly stream: WritableStream<T>) {
    super()
    this.mat = this.result.promise
  }

  override preStart(): void {
    this.writer = this.stream.getWriter()
    this.whenReady()
  }

  /**
   * Pulls once the writer is ready. `ready` is resolved exactly when `desiredSize > 0`, so in
   * that case we pull at once instead of paying a Promise reaction per element.
   */
  private whenReady(): void {
    const writer = this.writer!
    const size = writer.desiredSize
    if (size !== null && size > 0) this.pull(this.in)
    else this.readiness.listen(writer.ready) // or a polyfilled stream's writer
  }

  onPush(): void {
    const writer = this.writer!
    // A failed write also errors the stream, so `ready` rejects too; either reaction ends the run.
    writer.write(this.grab(this.in)).then(undefined, this.onStreamError)
    this.whenReady()
  }

  override onUpstreamFinish(): void {
    this.setKeepGoing(true)
    this.writer!.close().then(this.onClosed, this.onStreamError)
  }

  override onUpstreamFailure(error: unknown): void {
    this.settle(error, true)
    this.writer!.abort(error).catch(() => {}) // the stream's own rejection is this same error
    this.failStage(error)
  }

  private streamFailed(error: unknown): void {
    this.settle(error, true)
    this.cancelStage(error)
    this.setKeepGoing(false)
  }

  /** A throw in a handler (a locked stream in `preStart`) rejects with that error, not an abrupt stop. */
  override failStage(error: unknown): void {
    this.settle(error, true)
    super.failStage(error)
  }

  private settle(error: unknown, failed: boolean): void {
    if (this.settled) return
    this.settled = true
    if (failed) this.result.reject(error)
    else this.result.resolve()
  }

  override postStop(): void {
    this.settle(new AbruptTerminationError(`${this.name}: the stream stopped before the WritableStream was closed`), true)
  }
}
