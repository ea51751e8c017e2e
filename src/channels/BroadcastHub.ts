/**
 * BroadcastHub: one producer, many consumers, each gets every element.
 *
 * @module
 */
import { requireNonNegativeInt, requirePositiveInt } from '../core/args.js'
import { AbruptTerminationError } from '../core/errors.js'
import { sinkOf, sourceOf, type NotUsed } from '../core/Graph.js'
import { SinkStage, SourceStage } from '../core/StageLogic.js'
import { Sink } from '../dsl/Sink.js'
import { Source } from '../dsl/Source.js'

/** Options of {@link BroadcastHub}. @category channels @since 0.1.0 */
export interface BroadcastHubOptions {
  /** The producer is not pulled before this many consumers have attached (default 0). */
  readonly startAfterConsumers?: number
}

/**
 * A sink that sends every element to all the consumers attached to it. It materializes a
 * `Source`: each run of that source is one more consumer. The hub keeps the last `bufferSize`
 * elements that some consumer has not read yet; when that window is full the producer waits, so
 * the slowest consumer sets the pace.
 *
 * ```
 *                ┌─> consumer A   (reads at its own pace)
 * in ─> hub ─────┼─> consumer B
 *      [window]  └─> consumer C   (joined late: starts at the current position)
 * ```
 * - A consumer that joins while others are attached starts with the next element produced; one
 *   that joins when none is attached first gets the elements the hub still holds (those produced
 *   while nobody listened, up to `bufferSize`), so no element is lost for lack of a listener.
 * - A consumer that leaves frees its place in the window; the others go on.
 * - When the producer completes or fails, each consumer first reads what it has not read yet,
 *   then completes or fails; a consumer attached later gets what the hub still holds, then ends.
 *
 * - **Backpressures when** `bufferSize` elements are unread by the slowest consumer, or fewer
 *   than `startAfterConsumers` consumers have attached so far
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 *
 * @example
 * ```ts
 * const hub = Source.range(1, 3).runWith(BroadcastHub.sink<number>(16, { startAfterConsumers: 2 }))
 * const [a, b] = [hub.runCollect(), hub.runCollect()]
 * await a // [1, 2, 3]
 * await b // [1, 2, 3]
 * ```
 * @see {@link MergeHub}, {@link PartitionHub}, {@link Broadcast}
 * @category channels
 * @since 0.1.0
 */
export const BroadcastHub = {
  sink<T>(bufferSize = 256, options: BroadcastHubOptions = {}): Sink<T, Source<T, NotUsed>> {
    requirePositiveInt('BroadcastHub.sink', 'bufferSize', bufferSize)
    const startAfter = requireNonNegativeInt('BroadcastHub.sink', 'options.startAfterConsumers', options.startAfterConsumers ?? 0)
    return new Sink(sinkOf<T, Source<T, NotUsed>>('broadcastHub', () => new HubSink<T>(bufferSize, startAfter)).module)
  },
}

/** The window of elements and the consumers' positions in it, shared by all their stages. */
class BroadcastHubState<T> {
  private readonly buf: (T | undefined)[]
  /** Sequence number of the oldest element kept, and of the next one to be written. */
  head = 0
  tail = 0
  readonly consumers = new Set<Consumer<T>>()
  status: 'open' | 'completed' | 'failed' = 'open'
  failure: unknown = undefined
  started: boolean
  /** The producer found the window full (or waits for consumers): a freed slot must wake it. */
  producerWaiting = false

  constructor(
    readonly size: number,
    readonly startAfter: number,
    private readonly wakeProducer: () => void,
  ) {
    this.buf = new Array<T | undefined>(size)
    this.started = startAfter === 0
  }

  get hasRoom(): boolean {
    return this.tail - this.head < this.size
  }

  at(seq: number): T {
    return this.buf[seq % this.size]!
  }

  write(elem: T): void {
    this.buf[this.tail++ % this.size] = elem
    for (const c of this.consumers) c.newElement()
  }

  register(c: Consumer<T>): number {
    const offset = this.consumers.size > 0 ? this.tail : this.head
    this.consumers.add(c)
    if (!this.started && this.consumers.size >= this.startAfter) {
      this.started = true
      this.notifyProducer()
    }
    return offset
  }

  unregister(c: Consumer<T>, offset: number): void {
    if (!this.consumers.delete(c)) return
    this.moveHead(offset)
  }

  /** A consumer moved past `from` (its previous offset): the window may slide. */
  advanced(from: number): void {
    if (from === this.head) this.moveHead(from + 1)
  }

  /** Slides the window to the slowest consumer (or to `fallback` when none is left). */
  private moveHead(fallback: number): void {
    let min = Infinity
    for (const c of this.consumers) if (c.offset < min) min = c.offset
    const next = min === Infinity ? Math.max(this.head, Math.min(fallback, this.tail)) : min
    if (next <= this.head) return
    for (let s = this.head; s < next; s++) this.buf[s % this.size] = undefined
    this.head = next
    this.notifyProducer()
  }

  notifyProducer(): void {
    if (this.producerWaiting && this.started && this.hasRoom) {
      this.producerWaiting = false
      this.wakeProducer()
    }
  }

  finish(status: 'completed' | 'failed', failure: unknown): void {
    if (this.status !== 'open') return
    this.status = status
    this.failure = failure
    for (const c of this.consumers) c.newElement()
  }
}

class HubSink<T> extends SinkStage<T> {
  private readonly hub: BroadcastHubState<T>

  constructor(bufferSize: number, startAfter: number) {
    super()
    const hub = new BroadcastHubState<T>(bufferSize, startAfter, this.getAsyncCallback<void>(() => this.pullIfRoom()))
    this.hub = hub
    this.mat = new Source<T, NotUsed>(sourceOf<T>('broadcastHub.consumer', () => new Consumer<T>(hub)).module)
  }

  override preStart(): void {
    this.pullIfRoom()
  }

  private pullIfRoom(): void {
    const hub = this.hub
    if (this.hasBeenPulled(this.in) || this.isClosed(this.in)) return
    if (hub.started && hub.hasRoom) this.pull(this.in)
    else hub.producerWaiting = true
  }

  onPush(): void {
    this.hub.write(this.grab(this.in))
    this.pullIfRoom()
  }

  override onUpstreamFinish(): void {
    this.hub.finish('completed', undefined)
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    this.hub.finish('failed', error)
    this.failStage(error)
  }

  override failStage(error: unknown): void {
    this.hub.finish('failed', error)
    super.failStage(error)
  }

  override postStop(): void {
    this.hub.finish('failed', new AbruptTerminationError('BroadcastHub: the producer stopped before completing'))
  }
}

class Consumer<T> extends SourceStage<T> {
  /** Sequence number of the next element to read. */
  offset = 0
  private waiting = false
  private registered = false
  private readonly wake = this.getAsyncCallback<void>(() => {
    if (this.isAvailable(this.out)) this.onPull()
    else this.finishIfDone()
  })

  constructor(private readonly hub: BroadcastHubState<T>) {
    super()
  }

  override preStart(): void {
    this.offset = this.hub.register(this)
    this.registered = true
    this.finishIfDone()
  }

  /** The producer wrote an element or finished. */
  newElement(): void {
    if (this.waiting) {
      this.waiting = false
      this.wake()
    } else if (this.hub.status !== 'open') this.wake()
  }

  onPull(): void {
    const hub = this.hub
    if (this.offset < hub.tail) {
      const from = this.offset++
      this.push(this.out, hub.at(from))
      hub.advanced(from)
    } else if (!this.finishIfDone()) this.waiting = true
  }

  /** Ends the stage when the producer has finished and everything was read. */
  private finishIfDone(): boolean {
    const hub = this.hub
    if (hub.status === 'open' || this.offset < hub.tail) return false
    if (hub.status === 'failed') this.failStage(hub.failure)
    else this.completeStage()
    return true
  }

  override postStop(): void {
    if (this.registered) this.hub.unregister(this, this.offset)
  }
}
