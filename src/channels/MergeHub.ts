/**
 * MergeHub: many producers, one consumer.
 *
 * @module
 */
import { requirePositiveInt } from '../core/args.js'
import { sinkOf, sourceOf, type NotUsed } from '../core/Graph.js'
import { SinkStage, SourceStage } from '../core/StageLogic.js'
import { Sink } from '../dsl/Sink.js'
import { Source } from '../dsl/Source.js'

/**
 * A source whose elements come from any number of producers attached while it runs. It
 * materializes a `Sink`: each run of that sink is one more producer. Each producer may have up
 * to `perProducerBufferSize` elements in the hub that the consumer has not taken yet; beyond
 * that it is backpressured, so the hub holds at most producers × `perProducerBufferSize`
 * elements.
 *
 * ```
 * producer A ─┐
 * producer B ─┼─> hub ─> out
 * producer C ─┘        (each producer keeps its own order; producers interleave by arrival)
 * ```
 * - **Emits when** downstream pulls and some producer's element is waiting
 * - **Backpressures when** downstream backpressures (producers with a full share wait)
 * - **Completes when** never on its own (stop it with `take`, a kill switch, or by cancelling)
 * - **Fails when** never because of a producer: a failing producer's stream fails alone, and
 *   the elements it delivered before failing are still emitted
 * - **Cancels when** downstream cancels: every producer attached then or later is cancelled
 *
 * @example
 * ```ts
 * const [toHub, all] = MergeHub.source<number>(16).take(4).toMat(Sink.collect(), Keep.both).run()
 * Source.from([1, 2]).runWith(toHub)
 * Source.from([3, 4]).runWith(toHub)
 * ;(await all).sort() // [1, 2, 3, 4]
 * ```
 * @see {@link BroadcastHub}, {@link PartitionHub}
 * @category channels
 * @since 0.1.0
 */
export const MergeHub = {
  source<T>(perProducerBufferSize = 16): Source<T, Sink<T, NotUsed>> {
    requirePositiveInt('MergeHub.source', 'perProducerBufferSize', perProducerBufferSize)
    return new Source(sourceOf<T, Sink<T, NotUsed>>('mergeHub', () => new HubSource<T>(perProducerBufferSize, false)).module)
  },
  /**
   * Like {@link MergeHub.source}, and also materializes a {@link DrainingControl}: after
   * `drainAndComplete()`, new producers are cancelled at once, and the source completes once the
   * producers already attached have completed and their elements have been emitted (Pekko's
   * `MergeHub.sourceWithDraining`).
   *
   * @example
   * ```ts
   * const [[toHub, control], all] = MergeHub.sourceWithDraining<number>().toMat(Sink.collect(), Keep.both).run()
   * Source.from([1, 2]).runWith(toHub)
   * control.drainAndComplete()
   * await all // [1, 2]
   * ```
   * @since 0.2.0
   */
  sourceWithDraining<T>(perProducerBufferSize = 16): Source<T, [Sink<T, NotUsed>, DrainingControl]> {
    requirePositiveInt('MergeHub.sourceWithDraining', 'perProducerBufferSize', perProducerBufferSize)
    return new Source(
      sourceOf<T, [Sink<T, NotUsed>, DrainingControl]>('mergeHub', () => new HubSource<T>(perProducerBufferSize, true)).module,
    )
  },
}

/**
 * Ends a {@link MergeHub.sourceWithDraining} gracefully.
 *
 * @category channels
 * @since 0.2.0
 */
export interface DrainingControl {
  /** Refuses new producers, and completes the hub's source once the attached producers have completed and everything they sent has been emitted. */
  drainAndComplete(): void
}

/** What the consumer and the producers share. */
class MergeHubState<T> {
  /** Elements waiting for the consumer, with the producer each came from (parallel rings). */
  private elems: (T | undefined)[] = new Array<T | undefined>(16)
  private from: (Producer<T> | undefined)[] = new Array<Producer<T> | undefined>(16)
  private head = 0
  count = 0
  /** The consumer pulled and found nothing: the next element must wake it. */
  waiting = false
  closed = false
  /** `drainAndComplete()` was called: no new producers; complete when the last one is gone and the buffer is empty. */
  draining = false
  readonly producers = new Set<Producer<T>>()

  constructor(
    readonly perProducer: number,
    readonly wakeConsumer: () => void,
    /** Tells the consumer a producer stopped (only needed while draining). */
    readonly producerGone: () => void,
  ) {}

  put(elem: T, producer: Producer<T>): void {
    if (this.count === this.elems.length) this.grow()
    const at = (this.head + this.count++) & (this.elems.length - 1)
    this.elems[at] = elem
    this.from[at] = producer
    if (this.waiting) {
      this.waiting = false
      this.wakeConsumer()
    }
  }

  /** The producer of the oldest element; the caller checked `count > 0`. */
  headProducer(): Producer<T> {
    return this.from[this.head]!
  }

  /** Takes the oldest element; the caller checked `count > 0`. */
  take(): T {
    const at = this.head
    const elem = this.elems[at]!
    this.elems[at] = undefined
    this.from[at] = undefined
    this.head = (at + 1) & (this.elems.length - 1)
    this.count--
    return elem
  }

  private grow(): void {
    const n = this.elems.length
    const elems = new Array<T | undefined>(n * 2)
    const from = new Array<Producer<T> | undefined>(n * 2)
    for (let i = 0; i < n; i++) {
      elems[i] = this.elems[(this.head + i) & (n - 1)]
      from[i] = this.from[(this.head + i) & (n - 1)]
    }
    this.elems = elems
    this.from = from
    this.head = 0
  }

  close(): void {
    this.closed = true
    this.elems.fill(undefined)
    this.from.fill(undefined)
    this.count = 0
    for (const p of this.producers) p.stopFromHub()
    this.producers.clear()
  }
}

class HubSource<T> extends SourceStage<T> {
  private readonly state: MergeHubState<T>

  constructor(perProducer: number, withDraining: boolean) {
    super()
    const state = new MergeHubState<T>(
      perProducer,
      this.getAsyncCallback<void>(() => {
        if (this.isAvailable(this.out)) this.onPull()
      }),
      this.getAsyncCallback<void>(() => this.completeIfDrained()),
    )
    this.state = state
    const sink = new Sink<T, NotUsed>(sinkOf<T>('mergeHub.producer', () => new Producer<T>(state)).module)
    if (!withDraining) this.mat = sink
    else {
      const drain = this.getAsyncCallback<void>(() => this.completeIfDrained())
      const control: DrainingControl = {
        drainAndComplete: () => {
          // A flag set at once, so a producer that starts after this call is refused even before the hub's run sees it.
          state.draining = true
          drain()
        },
      }
      this.mat = [sink, control]
    }
  }

  onPull(): void {
    const state = this.state
    if (state.count === 0) {
      state.waiting = true
      this.completeIfDrained()
      return
    }
    const producer = state.headProducer()
    this.push(this.out, state.take())
    producer.consumed()
    this.completeIfDrained()
  }

  private completeIfDrained(): void {
    const state = this.state
    if (state.draining && state.count === 0 && state.producers.size === 0 && !this.isStopped) this.completeStage()
  }

  override postStop(): void {
    this.state.close()
  }
}

class Producer<T> extends SinkStage<T> {
  /** Elements this producer may still put into the hub. */
  private credit: number
  /** Elements the consumer took since credit was last returned. */
  private taken = 0
  private readonly refill: number
  private readonly addCredit = this.getAsyncCallback<number>((n) => {
    this.credit += n
    this.pullIfWanted()
  })
  readonly stopFromHub = this.getAsyncCallback<void>(() => this.cancelStage(undefined))

  constructor(private readonly hub: MergeHubState<T>) {
    super()
    this.credit = hub.perProducer
    this.refill = Math.ceil(hub.perProducer / 2)
  }

  override preStart(): void {
    if (this.hub.closed || this.hub.draining) return this.cancelStage(undefined)
    this.hub.producers.add(this)
    this.pullIfWanted()
  }

  private pullIfWanted(): void {
    if (this.credit > 0 && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  onPush(): void {
    this.credit--
    this.hub.put(this.grab(this.in), this)
    this.pullIfWanted()
  }

  /** Called by the consumer's stage, in its own run: give back credit in batches. */
  consumed(): void {
    // Returning credit once half the share was taken never stalls a producer: it can only run
    // out when its whole share is in the hub, and taking that share returns at least half.
    if (++this.taken >= this.refill) {
      const n = this.taken
      this.taken = 0
      this.addCredit(n)
    }
  }

  override postStop(): void {
    // A producer that was refused (draining) was never added: nothing to report.
    if (this.hub.producers.delete(this) && this.hub.draining) this.hub.producerGone()
  }
}
