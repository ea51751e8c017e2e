import { requirePositiveInt } from '../../core/args.js'
import { BufferOverflowError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage, type StageIntrospection } from '../../core/StageLogic.js'
import { requireStrategy } from './internal/overflow.js'
import { Ring } from './internal/Ring.js'

/**
 * What a full buffer does with one more element:
 * - `'backpressure'`: stops pulling upstream until there is room
 * - `'dropHead'`: drops the oldest buffered element to make room
 * - `'dropTail'`: drops the newest buffered element to make room
 * - `'dropBuffer'`: drops everything buffered, then keeps the new element
 * - `'dropNew'`: drops the new element
 * - `'fail'`: fails the stream with a {@link BufferOverflowError}
 *
 * @category buffer
 * @since 0.1.0
 */
export type OverflowStrategy = 'backpressure' | 'dropHead' | 'dropTail' | 'dropBuffer' | 'dropNew' | 'fail'

const strategies: readonly OverflowStrategy[] = ['backpressure', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'fail']

/**
 * Holds up to `size` elements so that upstream can run ahead of a slower downstream; when the
 * buffer is full, `strategy` decides (see {@link OverflowStrategy}). Pulls upstream eagerly
 * (except when full under `'backpressure'`).
 *
 * ```
 * in:  -1-2-3-4-|
 * out: -1-------3-4|   buffer(2, 'dropHead'); downstream pulls once, then again only after 4 arrived:
 *                       when 4 found the buffer [2, 3] full, the oldest (2) was dropped
 * ```
 * - **Emits when** downstream pulls and the buffer is not empty
 * - **Backpressures when** the buffer is full and the strategy is `'backpressure'`; never otherwise
 * - **Completes when** upstream completes and the buffer has been emptied
 * - **Fails when** upstream fails (buffered elements are dropped), or the buffer overflows under `'fail'`
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 5).buffer(2, 'backpressure').runCollect() // [1, 2, 3, 4, 5]
 * ```
 * @see {@link conflate}, {@link batch}, {@link OverflowStrategy}
 * @category buffer
 * @since 0.1.0
 */
export function buffer<T>(size: number, strategy: OverflowStrategy): FlowGraph<T, T, NotUsed> {
  requirePositiveInt('buffer', 'size', size)
  requireStrategy('buffer', 'strategy', strategy, strategies)
  return flowOf('buffer', () => new Buffer<T>(size, strategy))
}

class Buffer<T> extends LinearStage<T, T> {
  private readonly queue: Ring<T>
  constructor(
    private readonly size: number,
    private readonly strategy: OverflowStrategy,
  ) {
    super()
    this.queue = new Ring<T>(Math.min(size, 16))
  }

  override introspect(): StageIntrospection {
    return { buffered: this.queue.length, capacity: this.size }
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const q = this.queue
    // Downstream is waiting, so the buffer is empty: hand the element over.
    if (this.isAvailable(this.out)) {
      this.push(this.out, elem)
      return this.pull(this.in)
    }
    if (q.length < this.size) {
      q.push(elem)
      if (q.length < this.size || this.strategy !== 'backpressure') this.pull(this.in)
      return
    }
    switch (this.strategy) {
      case 'dropHead':
        q.shift()
        q.push(elem)
        break
      case 'dropTail':
        q.pop()
        q.push(elem)
        break
      case 'dropBuffer':
        q.clear()
        q.push(elem)
        break
      case 'dropNew':
        break
      case 'fail':
        return this.failStage(new BufferOverflowError(this.name, this.size))
      case 'backpressure':
        // never pulled while full
        break
    }
    this.pull(this.in)
  }

  override onPull(): void {
    const q = this.queue
    if (q.length > 0) this.push(this.out, q.shift()!)
    if (this.isClosed(this.in)) {
      if (q.length === 0) this.completeStage()
    } else if (!this.hasBeenPulled(this.in)) this.pull(this.in)
  }

  override onUpstreamFinish(): void {
    if (this.queue.length === 0) this.completeStage()
  }
}
