import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from './internal/reactionCallback.js'
import { resumes } from './internal/resumes.js'
import { isThenable } from './internal/thenable.js'

/**
 * Like {@link mapAsyncPartitioned}, but emits each result as soon as it settles (Pekko's
 * `mapAsyncPartitionedUnordered`): calls for one partition (`partitionOf(x)`) still run one
 * after the other, in order, so one partition's results keep their order; results of different
 * partitions come out in whatever order they settle. Up to `parallelism` elements are buffered
 * in all; a result of `null` or `undefined` is skipped.
 *
 * ```
 * in:  -a1-a2-b1------|        (letter = partition)
 * f:    [------A1]
 *                [A2]          (a2 waits for a1)
 *          [B1]
 * out: -------B1--A1A2|   mapAsyncPartitionedUnordered(3, p, f)
 * ```
 * - **Emits when** a result has settled and downstream pulls
 * - **Backpressures when** `parallelism` elements are in flight, waiting for their partition, or waiting to be emitted
 * - **Completes when** upstream completes and every result has been emitted
 * - **Fails when** `partitionOf` or `f` throws, a returned Promise rejects (at once, with its original error) (a supervision decider that says `resume` drops that element instead), or upstream fails
 * - **Cancels when** downstream cancels; results that settle afterwards are ignored
 *
 * @example
 * ```ts
 * const events = [{ account: 'a', n: 1 }, { account: 'b', n: 2 }, { account: 'a', n: 3 }]
 * const store = async (e: { account: string; n: number }) => `${e.account}:${e.n}`
 * const out = await Source.from(events).mapAsyncPartitionedUnordered(4, (e) => e.account, store).runCollect()
 * out.sort() // ['a:1', 'a:3', 'b:2']
 * ```
 * @see {@link mapAsyncPartitioned}, {@link mapAsyncUnordered}
 * @category async
 * @since 0.2.0
 */
export function mapAsyncPartitionedUnordered<In, P, Out>(
  parallelism: number,
  partitionOf: (x: In) => P,
  f: (x: In, partition: P) => Out | null | undefined | PromiseLike<Out | null | undefined>,
): FlowGraph<In, Out, NotUsed> {
  requirePositiveInt('mapAsyncPartitionedUnordered', 'parallelism', parallelism)
  requireFunction('mapAsyncPartitionedUnordered', 'partitionOf', partitionOf)
  requireFunction('mapAsyncPartitionedUnordered', 'f', f)
  return flowOf('mapAsyncPartitionedUnordered', () => new MapAsyncPartitionedUnordered<In, P, Out>(parallelism, partitionOf, f))
}

class MapAsyncPartitionedUnordered<In, P, Out> extends LinearStage<In, Out> {
  /** Per slot: the element waiting for or in its call, and its partition. A slot is free again once its call settled. */
  private readonly inputs: (In | undefined)[]
  private readonly partitions: (P | undefined)[]
  private readonly running: Uint8Array
  /** Per slot (made on its first Promise): a result, and a rejection (supervised), must know their slot. */
  private readonly callbacks: (ResultCallbacks<Out | null | undefined> | undefined)[]
  private readonly free: number[] = []
  /** Partitions with a call in flight, and the slots queued behind each (in arrival order). */
  private readonly waiting = new Map<P, number[]>()
  /** Results settled and not yet emitted. */
  private readonly ready: Out[] = []
  /** Elements taken from upstream and not yet emitted (or skipped): at most `parallelism`. */
  private count = 0

  constructor(
    private readonly parallelism: number,
    private readonly partitionOf: (x: In) => P,
    private readonly f: (x: In, partition: P) => Out | null | undefined | PromiseLike<Out | null | undefined>,
  ) {
    super()
    this.inputs = new Array<In | undefined>(parallelism).fill(undefined)
    this.partitions = new Array<P | undefined>(parallelism).fill(undefined)
    this.running = new Uint8Array(parallelism)
    this.callbacks = new Array<ResultCallbacks<Out | null | undefined> | undefined>(parallelism).fill(undefined)
    for (let i = parallelism - 1; i >= 0; i--) this.free.push(i)
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const partition = this.partitionOf(elem)
    const slot = this.free.pop()!
    this.count++
    this.inputs[slot] = elem
    this.partitions[slot] = partition
    const queue = this.waiting.get(partition)
    if (queue !== undefined) queue.push(slot)
    else {
      this.waiting.set(partition, [])
      this.run(slot)
    }
    this.pushReady()
  }

  override onPull(): void {
    this.pushReady()
  }

  override onUpstreamFinish(): void {
    if (this.count === 0) this.completeStage()
  }

  /** Calls `f` for `slot`, then for the next queued slot of its partition as long as results come back synchronously. */
  private run(slot: number): void {
    for (let s = slot; s >= 0; ) {
      const input = this.inputs[s] as In
      this.inputs[s] = undefined
      this.running[s] = 1
      const r = this.f(input, this.partitions[s] as P)
      if (isThenable(r)) {
        ;(this.callbacks[s] ?? this.callbacksFor(s)).listen(r)
        return
      }
      s = this.settle(s, r)
    }
  }

  /** Records the result of `slot` and frees it; returns the next queued slot of its partition, or -1. */
  private settle(slot: number, value: Out | null | undefined): number {
    const partition = this.partitions[slot] as P
    this.running[slot] = 0
    this.partitions[slot] = undefined
    this.free.push(slot)
    if (value === undefined || value === null) this.count--
    else this.ready.push(value)
    const queue = this.waiting.get(partition)!
    const next = queue.shift()
    if (next === undefined) this.waiting.delete(partition)
    return next ?? -1
  }

  private callbacksFor(slot: number): ResultCallbacks<Out | null | undefined> {
    const cbs = new ResultCallbacks<Out | null | undefined>(
      this,
      (value) => {
        if (this.running[slot] === 0) return // a thenable that settled twice
        this.settled(slot, value)
      },
      (error) => {
        if (this.running[slot] === 0) return
        // supervised: a resumed rejection settles its slot with no result (the element is dropped)
        if (!resumes(this.attributes, error)) return this.failStage(error)
        this.settled(slot, undefined)
      },
    )
    this.callbacks[slot] = cbs
    return cbs
  }

  /** A call of `slot` settled with `value` (`undefined` for a resumed rejection). */
  private settled(slot: number, value: Out | null | undefined): void {
    const next = this.settle(slot, value)
    if (next >= 0) this.run(next)
    this.pushReady()
  }

  private pushReady(): void {
    while (this.ready.length > 0 && this.isAvailable(this.out)) {
      this.count--
      const value = this.ready.shift()!
      // Nothing ready, room (count < parallelism after the decrement): onPull would now only pull
      // `in`, and a pull that downstream makes during this push may go straight upstream.
      if (this.ready.length === 0) this.pushPassingPulls(this.out, value, this.in)
      else this.push(this.out, value)
    }
    if (this.count === 0 && this.isClosed(this.in)) this.completeStage()
    else if (this.count < this.parallelism && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }
}
