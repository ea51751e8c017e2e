import { requireNonNegativeNumber } from '../../core/args.js'
import { sinkOf, type SourceGraph } from '../../core/Graph.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import { keepRight } from '../../core/Module.js'
import { SinkStage } from '../../core/StageLogic.js'

/**
 * Options of {@link toReadableStream}.
 *
 * @category interop
 * @since 0.1.0
 */
export interface ToReadableStreamOptions extends RunOptions {
  /** Chunks the stream queues ahead of its reader (default 1, as for any `ReadableStream`). */
  readonly highWaterMark?: number
}

/**
 * A WHATWG `ReadableStream` of the elements of `source`. The stream drives the run: when its
 * queue is below `highWaterMark` (`desiredSize > 0`) it calls `pull()`, which pulls upstream,
 * and the run keeps pulling only while `desiredSize` stays positive. Cancelling the stream (or
 * its reader) cancels the run with the reason; a failure of the run errors the stream.
 *
 * ```
 * source: -a-b-c-d-|
 * stream: -a-b-c-d-|        (no more than highWaterMark chunks queued ahead of the reader)
 * ```
 * - **Emits when** the stream calls `pull()` (its queue is below `highWaterMark`) and upstream pushes
 * - **Backpressures when** `desiredSize <= 0`
 * - **Completes when** upstream completes (the stream is closed)
 * - **Fails when** upstream fails (the stream is errored)
 * - **Cancels when** the stream is cancelled
 *
 * @example
 * ```ts
 * const reader = Source.range(1, 3).toReadableStream({ highWaterMark: 2 }).getReader()
 * await reader.read() // { done: false, value: 1 }
 * await reader.cancel() // cancels the run
 * ```
 * @see {@link fromReadableStream}, {@link toWritableStream}
 * @category interop
 * @since 0.1.0
 */
export function toReadableStream<T>(source: SourceGraph<T, unknown>, options: ToReadableStreamOptions = {}): ReadableStream<T> {
  const highWaterMark = requireNonNegativeNumber('toReadableStream', 'options.highWaterMark', options.highWaterMark ?? 1)
  let stage: ReadableStreamSink<T> | null = null
  return new ReadableStream<T>(
    {
      start(controller) {
        const sink = sinkOf<T>('toReadableStream', () => (stage = new ReadableStreamSink<T>(controller)))
        materialize(source.module.compose(sink.module, [[0, 0]], keepRight), options)
      },
      pull() {
        return stage!.demand()
      },
      cancel(reason) {
        stage!.cancelFromStream(reason)
      },
    },
    { highWaterMark },
  )
}

class ReadableStreamSink<T> extends SinkStage<T> {
  private pending: (() => void) | null = null
  /** Set as soon as the stream is cancelled, before the stage hears of it: no enqueue after that. */
  private cancelled = false
  private readonly onDemand = this.getAsyncCallback<void>(() => {
    if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  })
  private readonly onCancel = this.getAsyncCallback<unknown>((reason) => this.cancelStage(reason))

  constructor(private readonly controller: ReadableStreamDefaultController<T>) {
    super()
  }

  /** The stream's `pull()`: settles once a chunk was enqueued and the queue is full, or the run ended. */
  demand(): Promise<void> {
    if (this.isStopped) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.pending = resolve
      this.onDemand()
    })
  }

  cancelFromStream(reason: unknown): void {
    this.cancelled = true
    this.release()
    this.onCancel(reason)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    if (this.cancelled) return
    this.controller.enqueue(elem)
    // Keep filling while the queue has room, without a round trip through the stream's pull().
    if ((this.controller.desiredSize ?? 0) > 0) this.pull(this.in)
    else this.release()
  }

  override onUpstreamFinish(): void {
    if (!this.cancelled) this.controller.close()
    this.release()
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    if (!this.cancelled) this.controller.error(error)
    this.release()
    this.failStage(error)
  }

  override postStop(): void {
    this.release()
  }

  private release(): void {
    const resolve = this.pending
    this.pending = null
    if (resolve !== null) resolve()
  }
}
