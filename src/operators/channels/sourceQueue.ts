import { requirePositiveInt } from '../../core/args.js'
import { deferred, type Deferred } from '../../core/deferred.js'
import { BufferOverflowError } from '../../core/errors.js'
import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { SourceStage, type StageIntrospection } from '../../core/StageLogic.js'
import type { PushOverflowStrategy } from '../interop/internal/BoundedPushSource.js'

/**
 * What {@link SourceQueue.offer} answers, at once:
 * - `'enqueued'`: the element is in the buffer and will be emitted (unless the stream fails or is cancelled first)
 * - `'dropped'`: the buffer was full (strategy `'dropNew'`); try again after {@link SourceQueue.ready}
 * - `'closed'`: the queue was completed, or the stream has finished or was cancelled
 * - `'failed'`: the queue was failed (with {@link SourceQueue.fail}, or by an overflow under `'fail'`)
 *
 * @category channels
 * @since 0.1.0
 */
export type QueueOfferResult = 'enqueued' | 'dropped' | 'closed' | 'failed'

/**
 * The handle `Source.queue` materializes: producers offer elements to it from anywhere.
 *
 * @category channels
 * @since 0.1.0
 */
export interface SourceQueue<T> {
  /** Offers one element; answers synchronously, never blocks (see {@link QueueOfferResult}). */
  offer(element: T): QueueOfferResult
  /** Resolves when the buffer has room, or when the queue can take nothing more (then `offer` says why). */
  ready(): Promise<void>
  /** Offers `element`, waiting for room as long as the buffer is full (`'dropNew'`); never resolves `'dropped'` then. */
  offerAsync(element: T): Promise<QueueOfferResult>
  /** Completes the stream once the buffered elements have been emitted. Later offers answer `'closed'`. */
  complete(): void
  /** Fails the stream with `error` at once; buffered elements are dropped. Later offers answer `'failed'`. */
  fail(error: unknown): void
  /** Resolves when the stream has completed or was cancelled; rejects when it failed. */
  watchCompletion(): Promise<void>
  /** Elements in the buffer now. */
  readonly size: number
  /** The buffer size the queue was created with. */
  readonly capacity: number
}

const strategies: readonly PushOverflowStrategy[] = ['dropHead', 'dropTail', 'dropNew', 'fail']

/**
 * A source fed from outside the stream through the {@link SourceQueue} it materializes. The
 * buffer holds up to `bufferSize` elements; `offer` answers at once, and `overflowStrategy`
 * decides what a full buffer does: `'dropNew'` (default) refuses the element (`'dropped'`),
 * `'dropHead'`/`'dropTail'` drop the oldest/newest buffered element and take the new one
 * (`'enqueued'`), `'fail'` fails the stream (`'failed'`). A producer that must not lose
 * elements awaits `ready()` or uses `offerAsync`.
 *
 * ```
 * offer:   a b c        (bufferSize 2, 'dropNew': c is 'dropped' while nobody pulls)
 * out:     ------a-b
 * ```
 * - **Emits when** downstream pulls and the buffer is not empty
 * - **Backpressures when** never: the producer learns that the buffer is full from `offer`/`ready`
 * - **Completes when** `complete()` was called and the buffer is empty
 * - **Fails when** `fail(e)` is called, or the buffer overflows under `'fail'`
 * - **Cancels when** downstream cancels (later offers answer `'closed'`)
 *
 * @example
 * ```ts
 * const [queue, done] = Source.queue<number>(8).toMat(Sink.collect(), Keep.both).run()
 * queue.offer(1) // 'enqueued'
 * await queue.offerAsync(2)
 * queue.complete()
 * await done // [1, 2]
 * ```
 * @see {@link sinkQueue}, {@link QueueOfferResult}
 * @category channels
 * @since 0.1.0
 */
export function sourceQueue<T>(bufferSize: number, overflowStrategy: PushOverflowStrategy = 'dropNew'): SourceGraph<T, SourceQueue<T>> {
  requirePositiveInt('Source.queue', 'bufferSize', bufferSize)
  if (!strategies.includes(overflowStrategy))
    throw new TypeError(
      `Source.queue(overflowStrategy): expected one of ${strategies.map((s) => `'${s}'`).join(', ')}, got ${String(overflowStrategy)}`,
    )
  return sourceOf('queue', () => new QueueSource<T>(bufferSize, overflowStrategy))
}

type QueueState = 'open' | 'completing' | 'done' | 'failed'

/**
 * The buffer and the handle, shared by the producers (who call `offer` from anywhere) and the
 * stage (which takes elements out). `offer` must answer synchronously, so the buffer lives here,
 * not in the stage; the stage is woken through an async callback only when it waits.
 */
class Queue<T> implements SourceQueue<T> {
  private buf: (T | undefined)[]
  private head = 0
  private count = 0
  state: QueueState = 'open'
  failure: unknown = undefined
  /** The stage pulled and found the buffer empty: an offer must wake it. */
  waiting = false
  private waiters: (() => void)[] = []
  readonly completion: Deferred<void> = deferred<void>()

  constructor(
    readonly capacity: number,
    private readonly strategy: PushOverflowStrategy,
    private readonly wake: () => void,
  ) {
    this.buf = new Array<T | undefined>(capacity)
  }

  get size(): number {
    return this.count
  }

  offer(element: T): QueueOfferResult {
    if (element === null || element === undefined) throw new TypeError('SourceQueue.offer(element): elements must not be null or undefined')
    if (this.state === 'failed') return 'failed'
    if (this.state !== 'open') return 'closed'
    const cap = this.capacity
    if (this.count < cap) {
      this.buf[(this.head + this.count++) % cap] = element
      if (this.waiting) {
        this.waiting = false
        this.wake()
      }
      return 'enqueued'
    }
    switch (this.strategy) {
      case 'dropNew':
        return 'dropped'
      case 'dropHead':
        this.buf[this.head] = element // the oldest is overwritten; the new one is now the youngest
        this.head = (this.head + 1) % cap
        return 'enqueued'
      case 'dropTail':
        this.buf[(this.head + cap - 1) % cap] = element
        return 'enqueued'
      case 'fail':
        this.fail(new BufferOverflowError('Source.queue', cap))
        return 'failed'
    }
  }

  ready(): Promise<void> {
    if (this.state !== 'open' || this.count < this.capacity) return Promise.resolve()
    return new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  async offerAsync(element: T): Promise<QueueOfferResult> {
    for (;;) {
      const result = this.offer(element)
      if (result !== 'dropped') return result
      await this.ready()
    }
  }

  complete(): void {
    if (this.state !== 'open') return
    this.state = 'completing'
    this.releaseWaiters()
    this.wake()
  }

  fail(error: unknown): void {
    if (this.state === 'failed' || this.state === 'done') return
    this.state = 'failed'
    this.failure = error
    this.clear()
    this.releaseWaiters()
    this.wake()
  }

  watchCompletion(): Promise<void> {
    return this.completion.promise
  }

  /** Takes the oldest element; the caller checked `size > 0`. */
  take(): T {
    const elem = this.buf[this.head]!
    this.buf[this.head] = undefined
    this.head = (this.head + 1) % this.capacity
    this.count--
    if (this.waiters.length > 0) this.releaseWaiters()
    return elem
  }

  clear(): void {
    this.buf.fill(undefined)
    this.head = 0
    this.count = 0
  }

  releaseWaiters(): void {
    const waiters = this.waiters
    if (waiters.length === 0) return
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}

class QueueSource<T> extends SourceStage<T> {
  private readonly queue: Queue<T>

  constructor(bufferSize: number, strategy: PushOverflowStrategy) {
    super()
    this.queue = new Queue<T>(bufferSize, strategy, this.getAsyncCallback<void>(() => this.onSignal()))
    this.mat = this.queue
  }

  override introspect(): StageIntrospection {
    const q = this.queue
    return { buffered: q.size, capacity: q.capacity, ...(q.waiting ? { detail: 'waiting for offer()' } : {}) }
  }

  private onSignal(): void {
    const q = this.queue
    if (q.state === 'failed') return this.failStage(q.failure)
    if (this.isAvailable(this.out)) this.onPull()
    else if (q.state === 'completing' && q.size === 0) this.completeStage() // nothing left: no demand needed
  }

  onPull(): void {
    const q = this.queue
    if (q.size > 0) {
      this.push(this.out, q.take())
      if (q.size === 0 && q.state === 'completing') this.completeStage()
    } else if (q.state === 'completing') this.completeStage()
    else if (q.state === 'failed') this.failStage(q.failure)
    else q.waiting = true
  }

  override onDownstreamFinish(cause: unknown): void {
    const q = this.queue
    if (cause !== undefined && q.state !== 'failed') {
      // cancelled because downstream failed: the stream failed, and so does the queue
      q.state = 'failed'
      q.failure = cause
    }
    this.completeStage()
  }

  override postStop(): void {
    const q = this.queue
    q.waiting = false
    if (q.state === 'failed') q.completion.reject(q.failure)
    else {
      q.state = 'done'
      q.clear() // cancelled: what is left will never be emitted
      q.completion.resolve()
    }
    q.releaseWaiters()
  }
}
