import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from '../async/internal/reactionCallback.js'

/**
 * Emits the chunks of a WHATWG `ReadableStream`. It takes the stream's reader when the run
 * starts and calls `read()` once per downstream pull, so the stream's own backpressure
 * (`desiredSize`, its `pull()` calls) sees exactly the demand of this run. On cancel, or when
 * the run fails downstream, the reader is cancelled with the cause.
 *
 * ```
 * stream: --a---b--c--|
 * out:    --a---b--c--|
 * ```
 * - **Emits when** downstream pulled and `read()` resolved with a chunk
 * - **Backpressures when** downstream does not pull (no `read()` is made)
 * - **Completes when** `read()` resolves `done`
 * - **Fails when** the stream errors (`read()` rejects), or it is already locked
 * - **Cancels when** downstream cancels (the reader is cancelled)
 *
 * @example
 * ```ts
 * const stream = new ReadableStream<number>({ start(c) { c.enqueue(1); c.enqueue(2); c.close() } })
 * await Source.fromReadableStream(stream).runCollect() // [1, 2]
 * ```
 * @see {@link toReadableStream}, {@link toWritableStream}
 * @category interop
 * @since 0.1.0
 */
export function fromReadableStream<T>(stream: ReadableStream<T>): SourceGraph<T, NotUsed> {
  requireDefined('fromReadableStream', 'stream', stream)
  if (typeof (stream as Partial<ReadableStream<T>>).getReader !== 'function')
    throw new TypeError('fromReadableStream(stream): expected a ReadableStream (an object with getReader)')
  return sourceOf('fromReadableStream', () => new ReadableStreamSource(stream))
}

class ReadableStreamSource<T> extends SourceStage<T> {
  private reader: ReadableStreamDefaultReader<T> | null = null
  private finished = false
  private cause: unknown = undefined
  private readonly result = (r: ReadableStreamReadResult<T>): void => {
    if (r.done) {
      this.finished = true
      this.completeStage()
    } else this.push(this.out, r.value)
  }
  private readonly error = (e: unknown): void => {
    this.finished = true
    this.failStage(e)
  }
  /** Node's and the browsers' readers return native Promises, whose reactions may drain the run at once. */
  private readonly results = new ResultCallbacks<ReadableStreamReadResult<T>>(this, this.result, this.error)
  constructor(private readonly stream: ReadableStream<T>) {
    super()
  }
  override preStart(): void {
    this.reader = this.stream.getReader()
  }
  onPull(): void {
    const p: PromiseLike<ReadableStreamReadResult<T>> = this.reader!.read()
    this.results.listen(p) // or a polyfilled stream's reader
  }
  override onDownstreamFinish(cause: unknown): void {
    this.cause = cause
    this.completeStage()
  }
  override postStop(): void {
    const reader = this.reader
    if (reader === null) return
    if (this.finished) reader.releaseLock()
    else {
      this.finished = true
      // cancel() also settles a read() still in flight; its result reaches a stopped stage and is dropped.
      reader.cancel(this.cause).catch((e: unknown) => this.interpreter.onUnhandledError(e, this.name))
    }
  }
}
