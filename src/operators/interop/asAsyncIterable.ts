import { requireNonNegativeInt } from '../../core/args.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'

/**
 * Options of {@link asAsyncIterable} and {@link toAsyncIterable}.
 *
 * @category interop
 * @since 0.1.0
 */
export interface AsyncIterableOptions {
  /**
   * Elements requested ahead of the consumer's `next()` calls (default 16; 0 pulls only when
   * `next()` is waiting). More is requested each time half of it has been consumed.
   */
  readonly prefetch?: number
}

/** @internal */
export const DEFAULT_PREFETCH = 16

/**
 * A sink that materializes an `AsyncIterableIterator` over the stream's elements, for
 * `for await`. At most `prefetch` elements are requested ahead of the consumer; leaving the loop
 * early (`break`, `return`, a throw) calls `return()`, which cancels upstream.
 *
 * ```
 * in:     -a-b-c-d-e-f-...
 * next(): ^---^---^--x       (x: break)
 * up:     requested up to prefetch ahead; cancelled at x
 * ```
 * - **Backpressures when** `prefetch` elements are buffered and no `next()` is waiting
 * - **Completes when** upstream completes (`next()` resolves `done` once the buffer is drained)
 * - **Fails when** upstream fails (`next()` rejects with the error once the buffer is drained)
 * - **Cancels when** the consumer calls `return()` or `throw()` (a `break` out of `for await`)
 *
 * @example
 * ```ts
 * const iterator = Source.range(1, 100).runWith(Sink.asAsyncIterable<number>({ prefetch: 4 }))
 * const seen: number[] = []
 * for await (const x of iterator) {
 *   seen.push(x)
 *   if (x === 3) break // upstream is cancelled here
 * }
 * seen // [1, 2, 3]
 * ```
 * **Gotchas** the iterator is single-use, like a generator's. Use `source.toAsyncIterable()`
 * for an iterable that runs the source anew for each loop.
 *
 * @see {@link toAsyncIterable}, {@link operators!source.fromAsyncIterable | fromAsyncIterable}
 * @category interop
 * @since 0.1.0
 */
export function asAsyncIterable<T>(options: AsyncIterableOptions = {}): SinkGraph<T, AsyncIterableIterator<T>> {
  const prefetch = requireNonNegativeInt('asAsyncIterable', 'options.prefetch', options.prefetch ?? DEFAULT_PREFETCH)
  return sinkOf('asAsyncIterable', () => new AsAsyncIterable<T>(prefetch))
}

interface Waiter<T> {
  resolve(result: IteratorResult<T>): void
  reject(error: unknown): void
}

const OPEN = 0
const COMPLETED = 1
const FAILED = 2
const CANCELLED = 3

const done: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined }) as IteratorReturnResult<undefined>

class AsAsyncIterable<T> extends SinkStage<T> {
  // The buffer and the waiters are shared with the iterator, which runs outside the stage. That
  // is safe because JavaScript is single-threaded and the iterator never calls into the stage
  // directly: it asks for demand and cancellation through async callbacks.
  private queue: T[] = []
  private readIndex = 0
  private readonly waiters: Waiter<T>[] = []
  private state = OPEN
  private failure: unknown = undefined
  private failureDelivered = false
  private consumed = 0
  private demandScheduled = false
  private readonly refill: number
  private readonly onDemand = this.getAsyncCallback<void>(() => {
    this.demandScheduled = false
    this.pullIfWanted()
  })
  private readonly onCancel = this.getAsyncCallback<unknown>((cause) => this.cancelStage(cause))

  constructor(private readonly prefetch: number) {
    super()
    this.refill = Math.max(1, prefetch >> 1)
    const self = this
    const iterator: AsyncIterableIterator<T> = {
      next: () => self.next(),
      return: (value?: unknown) => {
        self.stop(undefined)
        return Promise.resolve({ done: true, value } as IteratorReturnResult<T>)
      },
      throw: (error?: unknown) => {
        self.stop(error)
        return Promise.reject(error)
      },
      [Symbol.asyncIterator]() {
        return iterator
      },
    }
    this.mat = iterator
  }

  override preStart(): void {
    this.pullIfWanted()
  }

  private get buffered(): number {
    return this.queue.length - this.readIndex
  }

  /** Pulls while fewer than `prefetch` elements (plus one per waiting `next()`) are buffered or on their way. */
  private pullIfWanted(): void {
    if (this.state === OPEN && !this.hasBeenPulled(this.in) && !this.isClosed(this.in) && this.buffered < this.prefetch + this.waiters.length)
      this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const waiter = this.waiters.shift()
    if (waiter !== undefined) waiter.resolve({ done: false, value: elem })
    else this.queue.push(elem)
    this.pullIfWanted()
  }

  override onUpstreamFinish(): void {
    if (this.state === OPEN) this.state = COMPLETED
    this.settleWaiters()
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    if (this.state === OPEN) {
      this.state = FAILED
      this.failure = error
    }
    this.settleWaiters()
    this.failStage(error)
  }

  override postStop(): void {
    if (this.state === OPEN) {
      this.state = FAILED
      this.failure = new AbruptTerminationError(`${this.name}: the stream stopped before it completed`)
      this.settleWaiters()
    }
  }

  /** Waiters exist only while the buffer is empty; after a terminal signal they get it now. */
  private settleWaiters(): void {
    while (this.waiters.length > 0) this.terminalResult(this.waiters.shift()!)
  }

  private terminalResult(waiter: Waiter<T>): void {
    if (this.state === FAILED && !this.failureDelivered) {
      this.failureDelivered = true
      waiter.reject(this.failure)
    } else waiter.resolve(done)
  }

  // ---- the iterator's side: runs outside the stage ------------------------------------------

  private next(): Promise<IteratorResult<T>> {
    if (this.buffered > 0) {
      const elem = this.queue[this.readIndex]!
      this.queue[this.readIndex++] = undefined as T
      if (this.readIndex === this.queue.length) {
        this.queue.length = 0
        this.readIndex = 0
      }
      // Ask for more once per half of `prefetch`, not once per element.
      if (this.state === OPEN && ++this.consumed >= this.refill) {
        this.consumed = 0
        this.requestDemand()
      }
      return Promise.resolve({ done: false, value: elem })
    }
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      const waiter = { resolve, reject }
      if (this.state !== OPEN) return this.terminalResult(waiter)
      this.waiters.push(waiter)
      this.requestDemand()
    })
  }

  private requestDemand(): void {
    if (this.demandScheduled) return
    this.demandScheduled = true
    this.onDemand()
  }

  private stop(cause: unknown): void {
    const wasOpen = this.state === OPEN
    this.state = CANCELLED
    this.queue = []
    this.readIndex = 0
    while (this.waiters.length > 0) this.waiters.shift()!.resolve(done)
    if (wasOpen) this.onCancel(cause)
  }
}
