/**
 * The bounded buffer behind every bridge whose other side cannot be slowed down (an RxJS
 * Observable, DOM events, an EventEmitter). The producer calls `offer` whenever it likes; the
 * buffer never holds more than the bound the user chose, and the user's overflow strategy
 * decides what a full buffer does with one more element.
 *
 * @module
 */
import { requirePositiveInt } from '../../../core/args.js'
import { BufferOverflowError } from '../../../core/errors.js'
import { SourceStage, type StageIntrospection } from '../../../core/StageLogic.js'

/**
 * What a bridge from a push-only producer does when its buffer is full and one more element
 * arrives:
 * - `dropHead`: drop the oldest buffered element, keep the new one
 * - `dropTail`: drop the youngest buffered element, keep the new one
 * - `dropNew`: drop the new element
 * - `fail`: fail the stream with a {@link BufferOverflowError} (and stop listening) at once
 *
 * There is no `backpressure` strategy: the producer cannot be slowed, which is why the bound
 * and the strategy must be named.
 *
 * @category interop
 * @since 0.1.0
 */
export type PushOverflowStrategy = 'dropHead' | 'dropTail' | 'dropNew' | 'fail'

/**
 * The bound and the overflow strategy of a bridge from a push-only producer. Both are
 * required: there is no unbounded default.
 *
 * @category interop
 * @since 0.1.0
 */
export interface PushBufferOptions {
  /** Most elements held while downstream is not asking for them (a positive integer). */
  readonly bufferSize: number
  /** What happens to one more element when `bufferSize` are held. */
  readonly overflowStrategy: PushOverflowStrategy
}

const strategies: readonly PushOverflowStrategy[] = ['dropHead', 'dropTail', 'dropNew', 'fail']

/**
 * Checks the push-buffer options of `op` at build time, with messages that say why they are needed.
 *
 * @internal
 */
export function requirePushBuffer(op: string, options: unknown): PushBufferOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(
      `${op}(options): expected { bufferSize, overflowStrategy }: the producer cannot be slowed down, so name the bound and what to do when it is full; got ${String(options)}`,
    )
  const { bufferSize, overflowStrategy } = options as Partial<PushBufferOptions>
  requirePositiveInt(op, 'options.bufferSize', bufferSize)
  if (!strategies.includes(overflowStrategy as PushOverflowStrategy))
    throw new TypeError(
      `${op}(options.overflowStrategy): expected one of ${strategies.map((s) => `'${s}'`).join(', ')}, got ${
        typeof overflowStrategy === 'string' ? JSON.stringify(overflowStrategy) : String(overflowStrategy)
      }`,
    )
  return { bufferSize: bufferSize!, overflowStrategy: overflowStrategy! }
}

const OPEN = 0
const COMPLETED = 1
const FAILED = 2

/**
 * A source stage fed by a producer that pushes whenever it likes. Subclasses start listening in
 * `attach()` and stop in `detach()`; their listeners call `offer`, `producerCompleted` and
 * `producerFailed`. Those only touch the ring buffer and wake the stage (once per batch, only
 * when downstream waits), so a burst of a million synchronous events costs a million ring writes
 * and one wake-up, never a million queued callbacks.
 *
 * `detach()` runs exactly once: when the producer completes or fails, when the buffer overflows
 * under `fail`, or when the stage stops (cancel).
 *
 * @internal
 */
export abstract class BoundedPushSource<T> extends SourceStage<T> {
  private readonly ring: (T | undefined)[]
  private head = 0
  private size = 0
  private terminal = OPEN
  private failure: unknown = undefined
  /** An overflow under `fail` ends the stream at once, buffered elements or not. */
  private failNow = false
  private listening = false
  /** Downstream pulled and found the buffer empty: the next offer wakes the stage. */
  private waiting = false
  private wakeScheduled = false
  private readonly wake = this.getAsyncCallback<void>(() => {
    this.wakeScheduled = false
    if (this.failNow) this.failStage(this.failure)
    else if (this.waiting) {
      this.waiting = false
      this.onPull()
    } else if (this.size === 0) this.finishIfTerminal()
  })

  constructor(
    private readonly op: string,
    private readonly capacity: number,
    private readonly strategy: PushOverflowStrategy,
  ) {
    super()
    this.ring = new Array<T | undefined>(capacity)
  }

  override introspect(): StageIntrospection {
    return { buffered: this.size, capacity: this.capacity, ...(this.waiting ? { detail: 'waiting for the producer' } : {}) }
  }

  /** Starts listening to the producer. */
  protected abstract attach(): void
  /** Stops listening to the producer. Runs once. */
  protected abstract detach(): void

  override preStart(): void {
    this.listening = true
    this.attach()
  }

  /** Hands one element over; called by the producer, from anywhere. */
  protected offer(elem: T): void {
    if (this.terminal !== OPEN) return
    if (elem === undefined || elem === null) {
      this.producerFailed(new TypeError(`${this.op}: the producer emitted ${String(elem)}; stream elements must not be null or undefined`))
      return
    }
    const cap = this.capacity
    if (this.size === cap) {
      switch (this.strategy) {
        case 'dropNew':
          return
        case 'dropHead':
          this.ring[this.head] = undefined
          this.head = this.head + 1 === cap ? 0 : this.head + 1
          this.size--
          break
        case 'dropTail':
          this.ring[(this.head + this.size - 1) % cap] = undefined
          this.size--
          break
        case 'fail':
          this.failNow = true
          this.end(FAILED, new BufferOverflowError(this.op, cap))
          this.clear()
          return
      }
    }
    this.ring[(this.head + this.size) % cap] = elem
    this.size++
    // Wake only when downstream waits for exactly this: otherwise its next pull finds the element.
    if (this.waiting && !this.wakeScheduled) {
      this.wakeScheduled = true
      this.wake()
    }
  }

  /** The producer completed: what is buffered is still delivered, then the stream completes. */
  protected producerCompleted(): void {
    this.end(COMPLETED, undefined)
  }

  /** The producer failed: what is buffered is still delivered, then the stream fails with `error`. */
  protected producerFailed(error: unknown): void {
    this.end(FAILED, error)
  }

  /** Elements buffered and not yet emitted. */
  protected get buffered(): number {
    return this.size
  }

  private end(terminal: number, error: unknown): void {
    if (this.terminal !== OPEN) return
    this.terminal = terminal
    this.failure = error
    this.stopListening()
    if (!this.wakeScheduled) {
      this.wakeScheduled = true
      this.wake()
    }
  }

  onPull(): void {
    if (this.failNow) return this.failStage(this.failure)
    if (this.size > 0) {
      const elem = this.ring[this.head] as T
      this.ring[this.head] = undefined
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1
      this.size--
      this.push(this.out, elem)
      if (this.size === 0 && this.terminal !== OPEN) this.finishIfTerminal()
    } else if (this.terminal === OPEN) this.waiting = true
    else this.finishIfTerminal()
  }

  private finishIfTerminal(): void {
    if (this.terminal === COMPLETED) this.completeStage()
    else if (this.terminal === FAILED) this.failStage(this.failure)
  }

  private stopListening(): void {
    if (!this.listening) return
    this.listening = false
    this.detach()
  }

  private clear(): void {
    this.ring.fill(undefined)
    this.head = 0
    this.size = 0
  }

  override postStop(): void {
    this.terminal = this.terminal === OPEN ? COMPLETED : this.terminal
    this.clear()
    this.stopListening()
  }
}
