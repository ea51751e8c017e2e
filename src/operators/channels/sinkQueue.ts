import { requireNonNegativeInt, requirePositiveInt } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { SinkStage, type StageIntrospection } from '../../core/StageLogic.js'

/**
 * The handle `Sink.queue` materializes: a consumer outside the stream takes elements with
 * `pull()`, or with `for await`.
 *
 * @category channels
 * @since 0.1.0
 */
export interface SinkQueue<T> extends AsyncIterableIterator<T> {
  /**
   * The next element (`{ done: false, value }`), or `{ done: true }` once the stream has
   * completed or the queue was cancelled; rejects with the stream's failure after the elements
   * received before it. At most `maxConcurrentPulls` may be pending.
   */
  pull(): Promise<IteratorResult<T, undefined>>
  /** Cancels the stream; pending and later pulls resolve `{ done: true }`. */
  cancel(): void
}

/** Options of {@link sinkQueue}. @category channels @since 0.1.0 */
export interface SinkQueueOptions {
  /** Elements taken from upstream ahead of `pull()` (default 16; 0: only on demand). */
  readonly bufferSize?: number
  /** Pulls that may be pending at once (default 1); one more rejects. */
  readonly maxConcurrentPulls?: number
}

/**
 * A sink whose elements are taken from outside the stream through the {@link SinkQueue} it
 * materializes. It keeps up to `bufferSize` elements ready and asks upstream for more as the
 * consumer takes them (and for one per pending `pull()`), so a slow consumer slows the stream.
 *
 * ```
 * in:   -1-2-3|
 * pull:  ^   ^   ^   ^
 * gets:  1   2   3   done
 * ```
 * - **Backpressures when** `bufferSize` elements are waiting for `pull()`
 * - **Completes when** upstream completes (pulls see `done` once the buffer is empty)
 * - **Fails when** upstream fails (pulls reject once the buffer is empty)
 * - **Cancels when** `cancel()` is called (or the async iterator is left early)
 *
 * @example
 * ```ts
 * const queue = Source.range(1, 3).runWith(Sink.queue())
 * await queue.pull() // { done: false, value: 1 }
 * for await (const x of queue) console.log(x) // 2, 3
 * ```
 * @see {@link sourceQueue}
 * @category channels
 * @since 0.1.0
 */
export function sinkQueue<T>(options: SinkQueueOptions = {}): SinkGraph<T, SinkQueue<T>> {
  const bufferSize = requireNonNegativeInt('Sink.queue', 'options.bufferSize', options.bufferSize ?? 16)
  const maxPulls = requirePositiveInt('Sink.queue', 'options.maxConcurrentPulls', options.maxConcurrentPulls ?? 1)
  return sinkOf('queue', () => new QueueSink<T>(bufferSize, maxPulls))
}

interface PendingPull<T> {
  resolve(result: IteratorResult<T, undefined>): void
  reject(error: unknown): void
}

const done: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined }) as IteratorResult<never, undefined>

/** Shared by the consumer (pull/cancel from anywhere) and the stage (which fills it). */
class Handle<T> implements SinkQueue<T> {
  readonly buffer: T[] = []
  private readIndex = 0
  readonly pending: PendingPull<T>[] = []
  state: 'open' | 'completed' | 'failed' | 'cancelled' = 'open'
  failure: unknown = undefined
  /** A demand signal is on its way to the stage: one is enough. */
  signalled = false

  constructor(
    private readonly maxPulls: number,
    private readonly demand: () => void,
    private readonly stop: () => void,
  ) {}

  get buffered(): number {
    return this.buffer.length - this.readIndex
  }

  pull(): Promise<IteratorResult<T, undefined>> {
    if (this.buffered > 0) {
      const value = this.buffer[this.readIndex]!
      this.buffer[this.readIndex++] = undefined as T
      if (this.readIndex === this.buffer.length) {
        this.buffer.length = 0
        this.readIndex = 0
      }
      this.signal()
      return Promise.resolve({ done: false, value })
    }
    if (this.state === 'failed') return Promise.reject(this.failure)
    if (this.state !== 'open') return Promise.resolve(done)
    if (this.pending.length >= this.maxPulls)
      return Promise.reject(
        new RangeError(`Sink.queue: pull() while ${this.pending.length} pull(s) are pending (maxConcurrentPulls is ${this.maxPulls})`),
      )
    return new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.signal()
    })
  }

  private signal(): void {
    if (this.signalled || this.state !== 'open') return
    this.signalled = true
    this.demand()
  }

  cancel(): void {
    if (this.state !== 'open') return
    this.state = 'cancelled'
    this.buffer.length = 0
    this.readIndex = 0
    this.settlePending()
    this.stop()
  }

  /** The stage received an element: hand it to the oldest pending pull, or keep it. */
  deliver(value: T): void {
    const p = this.pending.shift()
    if (p !== undefined) p.resolve({ done: false, value })
    else this.buffer.push(value)
  }

  settlePending(): void {
    const pending = this.pending.splice(0)
    for (const p of pending) {
      if (this.state === 'failed') p.reject(this.failure)
      else p.resolve(done)
    }
  }

  next(): Promise<IteratorResult<T, undefined>> {
    return this.pull()
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.cancel()
    return Promise.resolve(done)
  }

  [Symbol.asyncIterator](): this {
    return this
  }
}

class QueueSink<T> extends SinkStage<T> {
  private readonly handle: Handle<T>

  constructor(
    private readonly bufferSize: number,
    maxPulls: number,
  ) {
    super()
    this.handle = new Handle<T>(
      maxPulls,
      this.getAsyncCallback<void>(() => {
        this.handle.signalled = false
        this.pullIfWanted()
      }),
      this.getAsyncCallback<void>(() => this.cancelStage(undefined)),
    )
    this.mat = this.handle
  }

  override introspect(): StageIntrospection {
    const h = this.handle
    return { buffered: h.buffered, capacity: this.bufferSize, detail: `${h.pending.length} pull() waiting` }
  }

  override preStart(): void {
    this.pullIfWanted()
  }

  /** Keeps `bufferSize` elements ready, plus one for each pending pull. */
  private pullIfWanted(): void {
    const h = this.handle
    if (this.hasBeenPulled(this.in) || this.isClosed(this.in)) return
    if (h.buffered < this.bufferSize || h.pending.length > 0) this.pull(this.in)
  }

  onPush(): void {
    this.handle.deliver(this.grab(this.in))
    this.pullIfWanted()
  }

  override onUpstreamFinish(): void {
    const h = this.handle
    if (h.state === 'open') h.state = 'completed'
    h.settlePending()
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    const h = this.handle
    if (h.state === 'open') {
      h.state = 'failed'
      h.failure = error
    }
    h.settlePending()
    this.failStage(error)
  }

  override postStop(): void {
    const h = this.handle
    if (h.state === 'open') {
      // stopped from outside (a failure elsewhere in the graph): nothing more will come
      h.state = 'completed'
      h.settlePending()
    }
  }
}
