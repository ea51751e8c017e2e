/**
 * PartitionHub: one producer, many consumers, each element goes to one of them.
 *
 * @module
 */
import { requireFunction, requireNonNegativeInt, requirePositiveInt } from '../core/args.js'
import { AbruptTerminationError } from '../core/errors.js'
import { sinkOf, sourceOf, type NotUsed } from '../core/Graph.js'
import { SinkStage, SourceStage } from '../core/StageLogic.js'
import { Sink } from '../dsl/Sink.js'
import { Source } from '../dsl/Source.js'

/** Options of {@link PartitionHub}. @category channels @since 0.1.0 */
export interface PartitionHubOptions {
  /** The producer is not pulled before this many consumers have attached (default 0). */
  readonly startAfterConsumers?: number
  /** Elements the hub holds in all, routed or not yet routed (default 256). */
  readonly bufferSize?: number
}

/**
 * A sink that sends each element to one of the consumers attached to it, the one
 * `partitioner(consumerCount, element)` picks (an index from 0, in the order the consumers
 * attached). It materializes a `Source`: each run of that source is one more consumer. The hub
 * holds at most `bufferSize` elements in all; when they are all waiting the producer waits, so a
 * slow consumer that is picked often slows everyone.
 *
 * ```
 *                ┌─> consumer 0   (gets the elements routed to it, in order)
 * in ─> hub ─────┼─> consumer 1
 *                └─> consumer 2
 * ```
 * - Elements are routed when they arrive. While no consumer is attached they wait in the hub
 *   and are routed when one attaches.
 * - A consumer that leaves hands the elements routed to it and not yet emitted back to the hub,
 *   which routes them again among the others: nothing accepted is lost or delivered twice.
 * - When the producer completes or fails, each consumer first emits what was routed to it,
 *   then completes or fails.
 *
 * - **Backpressures when** `bufferSize` elements are in the hub, or fewer than
 *   `startAfterConsumers` consumers have attached so far
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or `partitioner` throws or returns an index out of range (then
 *   the consumers fail too)
 *
 * @example
 * ```ts
 * const hub = Source.range(0, 6).runWith(
 *   PartitionHub.sink<number>((n, x) => x % n, { startAfterConsumers: 2, bufferSize: 16 }),
 * )
 * const [evens, odds] = [hub.runCollect(), hub.runCollect()]
 * await evens // [0, 2, 4]
 * await odds  // [1, 3, 5]
 * ```
 * @see {@link BroadcastHub}, {@link MergeHub}, {@link Partition}
 * @category channels
 * @since 0.1.0
 */
export const PartitionHub = {
  sink<T>(partitioner: (consumerCount: number, element: T) => number, options: PartitionHubOptions = {}): Sink<T, Source<T, NotUsed>> {
    requireFunction('PartitionHub.sink', 'partitioner', partitioner)
    const bufferSize = requirePositiveInt('PartitionHub.sink', 'options.bufferSize', options.bufferSize ?? 256)
    const startAfter = requireNonNegativeInt('PartitionHub.sink', 'options.startAfterConsumers', options.startAfterConsumers ?? 0)
    return new Sink(sinkOf<T, Source<T, NotUsed>>('partitionHub', () => new HubSink<T>(partitioner, bufferSize, startAfter)).module)
  },
}

class PartitionHubState<T> {
  readonly consumers: Consumer<T>[] = []
  /** Elements not routed yet (no consumer, or handed back by one that left), oldest first. */
  unrouted: T[] = []
  /** Elements in the hub: routed and waiting in a consumer's queue, or unrouted. */
  total = 0
  status: 'open' | 'completed' | 'failed' = 'open'
  failure: unknown = undefined
  started: boolean
  producerWaiting = false
  /** The partitioner threw or answered out of range: it is not called again. */
  private broken = false

  constructor(
    private readonly partitioner: (consumerCount: number, element: T) => number,
    readonly size: number,
    readonly startAfter: number,
    private readonly wakeProducer: () => void,
  ) {
    this.started = startAfter === 0
  }

  get hasRoom(): boolean {
    return this.total < this.size
  }

  accept(elem: T): void {
    this.total++
    this.unrouted.push(elem)
    this.route()
  }

  /**
   * Routes the unrouted elements, in order, while there are consumers. It also runs when a
   * consumer leaves (outside the producer's handlers, maybe after the producer stopped), so a
   * throwing or wrong partitioner is caught here and fails the hub.
   */
  route(): void {
    const n = this.consumers.length
    if (n === 0 || this.unrouted.length === 0 || this.broken) return
    const pending = this.unrouted
    this.unrouted = []
    for (let k = 0; k < pending.length; k++) {
      const elem = pending[k]!
      let index: number
      try {
        index = this.partitioner(n, elem)
      } catch (e) {
        this.broken = true
        return this.fail(e)
      }
      if (!Number.isInteger(index) || index < 0 || index >= n) {
        this.broken = true
        return this.fail(new RangeError(`PartitionHub: the partitioner returned ${String(index)} for ${n} consumer(s), expected an integer from 0 to ${n - 1}`))
      }
      this.consumers[index]!.enqueue(elem)
    }
  }

  register(c: Consumer<T>): void {
    this.consumers.push(c)
    if (!this.started && this.consumers.length >= this.startAfter) this.started = true
    this.route()
    this.notifyProducer()
  }

  unregister(c: Consumer<T>, leftovers: T[]): void {
    const i = this.consumers.indexOf(c)
    if (i < 0) return
    this.consumers.splice(i, 1)
    if (leftovers.length > 0) {
      this.unrouted = leftovers.concat(this.unrouted)
      this.route()
    }
  }

  /** A consumer emitted one of its elements. */
  taken(): void {
    this.total--
    this.notifyProducer()
  }

  notifyProducer(): void {
    if (this.producerWaiting && ((this.started && this.hasRoom) || this.status === 'failed')) {
      this.producerWaiting = false
      this.wakeProducer()
    }
  }

  fail(error: unknown): void {
    if (this.status === 'failed') return
    this.status = 'failed'
    this.failure = error
    this.wakeProducer()
    for (const c of this.consumers) c.signal()
  }

  complete(): void {
    if (this.status !== 'open') return
    this.status = 'completed'
    for (const c of this.consumers) c.signal()
  }
}

class HubSink<T> extends SinkStage<T> {
  private readonly hub: PartitionHubState<T>

  constructor(partitioner: (consumerCount: number, element: T) => number, bufferSize: number, startAfter: number) {
    super()
    const hub = new PartitionHubState<T>(partitioner, bufferSize, startAfter, this.getAsyncCallback<void>(() => this.pullIfRoom()))
    this.hub = hub
    this.mat = new Source<T, NotUsed>(sourceOf<T>('partitionHub.consumer', () => new Consumer<T>(hub)).module)
  }

  override preStart(): void {
    this.pullIfRoom()
  }

  private pullIfRoom(): void {
    const hub = this.hub
    if (hub.status === 'failed') return this.failStage(hub.failure)
    if (this.hasBeenPulled(this.in) || this.isClosed(this.in)) return
    if (hub.started && hub.hasRoom) this.pull(this.in)
    else hub.producerWaiting = true
  }

  onPush(): void {
    this.hub.accept(this.grab(this.in))
    this.pullIfRoom()
  }

  override onUpstreamFinish(): void {
    this.hub.complete()
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    this.hub.fail(error)
    this.failStage(error)
  }

  override postStop(): void {
    if (this.hub.status === 'open') this.hub.fail(new AbruptTerminationError('PartitionHub: the producer stopped before completing'))
  }
}

class Consumer<T> extends SourceStage<T> {
  private queue: T[] = []
  private readIndex = 0
  private waiting = false
  private registered = false
  private readonly wake = this.getAsyncCallback<void>(() => {
    if (this.isAvailable(this.out)) this.onPull()
    else this.finishIfDone()
  })

  constructor(private readonly hub: PartitionHubState<T>) {
    super()
  }

  override preStart(): void {
    this.registered = true
    this.hub.register(this)
    this.finishIfDone()
  }

  enqueue(elem: T): void {
    this.queue.push(elem)
    if (this.waiting) {
      this.waiting = false
      this.wake()
    }
  }

  /** The producer finished or the hub failed. */
  signal(): void {
    this.waiting = false
    this.wake()
  }

  onPull(): void {
    if (this.readIndex < this.queue.length) {
      const elem = this.queue[this.readIndex]!
      this.queue[this.readIndex++] = undefined as T
      if (this.readIndex === this.queue.length) {
        this.queue.length = 0
        this.readIndex = 0
      }
      this.push(this.out, elem)
      this.hub.taken()
    } else if (!this.finishIfDone()) this.waiting = true
  }

  private finishIfDone(): boolean {
    const hub = this.hub
    if (hub.status === 'open' || this.readIndex < this.queue.length) return false
    if (hub.status === 'failed') this.failStage(hub.failure)
    else this.completeStage()
    return true
  }

  override postStop(): void {
    if (!this.registered) return
    const leftovers = this.queue.slice(this.readIndex)
    this.queue = []
    this.readIndex = 0
    this.hub.unregister(this, leftovers)
  }
}
