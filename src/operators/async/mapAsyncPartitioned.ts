import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from './internal/reactionCallback.js'
import { resumes } from './internal/resumes.js'
import { isThenable } from './internal/thenable.js'

/**
 * Like {@link mapAsync}, with at most one call (or `options.perPartition`) in flight per partition (`partitionOf(x)`): calls
 * for one partition run one after the other, in order, while different partitions run side by
 * side, up to `parallelism` elements buffered in all. Results are emitted in the order of the
 * elements across all partitions; a result of `null` or `undefined` is skipped.
 *
 * ```
 * in:  -a1-a2-b1------|        (letter = partition)
 * f:    [--A1]
 *              [A2]            (a2 waits for a1)
 *          [B1]
 * out: -------A1--A2B1|   mapAsyncPartitioned(3, p, f)
 * ```
 * - **Emits when** the result for the oldest buffered element has settled and downstream pulls
 * - **Backpressures when** `parallelism` elements are in flight, waiting for their partition, or waiting to be emitted
 * - **Completes when** upstream completes and every result has been emitted
 * - **Fails when** `partitionOf` or `f` throws, a returned Promise rejects (at once, with its original error) (a supervision decider that says `resume` drops that element instead), or upstream fails
 * - **Cancels when** downstream cancels; results that settle afterwards are ignored
 *
 * @example
 * ```ts
 * const events = [{ account: 'a', n: 1 }, { account: 'b', n: 2 }, { account: 'a', n: 3 }]
 * const store = async (e: { account: string; n: number }, account: string) => `${account}:${e.n}`
 * await Source.from(events).mapAsyncPartitioned(4, (e) => e.account, store).runCollect() // ['a:1', 'b:2', 'a:3']
 * ```
 * @see {@link mapAsync}, {@link mapAsyncUnordered}
 * @category async
 * @since 0.1.0
 */
export function mapAsyncPartitioned<In, P, Out>(
  parallelism: number,
  partitionOf: (x: In) => P,
  f: (x: In, partition: P) => Out | null | undefined | PromiseLike<Out | null | undefined>,
  options: MapAsyncPartitionedOptions = {},
): FlowGraph<In, Out, NotUsed> {
  requirePositiveInt('mapAsyncPartitioned', 'parallelism', parallelism)
  requireFunction('mapAsyncPartitioned', 'partitionOf', partitionOf)
  requireFunction('mapAsyncPartitioned', 'f', f)
  const perPartition = requirePositiveInt('mapAsyncPartitioned', 'options.perPartition', options.perPartition ?? 1)
  return flowOf('mapAsyncPartitioned', () => new MapAsyncPartitioned<In, P, Out>(parallelism, partitionOf, f, perPartition))
}

/** Options of {@link mapAsyncPartitioned}. @category async @since 0.2.0 */
export interface MapAsyncPartitionedOptions {
  /** Calls in flight at once per partition (default 1: one after the other); Pekko's `perPartition`. Results keep the order of the elements either way. */
  readonly perPartition?: number
}

const FREE = 0
const QUEUED = 1 // waiting for its partition to be free
const RUNNING = 2
const DONE = 3

class MapAsyncPartitioned<In, P, Out> extends LinearStage<In, Out> {
  private readonly inputs: (In | undefined)[]
  private readonly partitions: (P | undefined)[]
  private readonly results: (Out | null | undefined)[]
  private readonly states: Uint8Array
  /** Per slot (made on its first Promise): a result, and a rejection (supervised), must know their slot. */
  private readonly callbacks: (ResultCallbacks<Out | null | undefined> | undefined)[]
  /** Calls in flight per partition (a partition with none is absent). */
  private readonly busy = new Map<P, number>()
  private head = 0
  private count = 0

  constructor(
    private readonly parallelism: number,
    private readonly partitionOf: (x: In) => P,
    private readonly f: (x: In, partition: P) => Out | null | undefined | PromiseLike<Out | null | undefined>,
    private readonly perPartition: number,
  ) {
    super()
    this.inputs = new Array<In | undefined>(parallelism).fill(undefined)
    this.partitions = new Array<P | undefined>(parallelism).fill(undefined)
    this.results = new Array<Out | null | undefined>(parallelism).fill(undefined)
    this.states = new Uint8Array(parallelism)
    this.callbacks = new Array<ResultCallbacks<Out | null | undefined> | undefined>(parallelism).fill(undefined)
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const partition = this.partitionOf(elem)
    let slot = this.head + this.count
    if (slot >= this.parallelism) slot -= this.parallelism
    this.count++
    this.inputs[slot] = elem
    this.partitions[slot] = partition
    if ((this.busy.get(partition) ?? 0) >= this.perPartition) this.states[slot] = QUEUED
    else this.run(slot)
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
    for (;;) {
      const partition = this.partitions[slot] as P
      const input = this.inputs[slot] as In
      this.inputs[slot] = undefined
      this.states[slot] = RUNNING
      this.busy.set(partition, (this.busy.get(partition) ?? 0) + 1)
      const r = this.f(input, partition)
      if (isThenable(r)) {
        ;(this.callbacks[slot] ?? this.callbacksFor(slot)).listen(r)
        return
      }
      const next = this.finish(slot, r)
      if (next < 0) return
      slot = next
    }
  }

  /** Records the result of `slot`, frees its partition; returns the next queued slot of that partition, or -1. */
  private finish(slot: number, value: Out | null | undefined): number {
    const partition = this.partitions[slot] as P
    this.results[slot] = value
    this.states[slot] = DONE
    this.partitions[slot] = undefined
    const running = this.busy.get(partition)! - 1
    if (running === 0) this.busy.delete(partition)
    else this.busy.set(partition, running)
    const n = this.parallelism
    const end = this.head + this.count
    for (let i = (slot < this.head ? slot + n : slot) + 1; i < end; i++) {
      const j = i >= n ? i - n : i
      const q = this.partitions[j]
      // the same key equality as the Map of busy partitions (SameValueZero)
      if (this.states[j] === QUEUED && (q === partition || (q !== q && partition !== partition))) return j
    }
    return -1
  }

  private callbacksFor(slot: number): ResultCallbacks<Out | null | undefined> {
    const cbs = new ResultCallbacks<Out | null | undefined>(
      this,
      (value) => {
        if (this.states[slot] !== RUNNING) return // a thenable that settled twice
        this.settled(slot, value)
      },
      (error) => {
        if (this.states[slot] !== RUNNING) return
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
    const next = this.finish(slot, value)
    if (next >= 0) this.run(next)
    this.pushReady()
  }

  private pushReady(): void {
    const n = this.parallelism
    while (this.count > 0 && this.states[this.head] === DONE) {
      const h = this.head
      const value = this.results[h]
      if (value !== undefined && value !== null && !this.isAvailable(this.out)) break
      this.results[h] = undefined
      this.states[h] = FREE
      this.head = h + 1 === n ? 0 : h + 1
      this.count--
      if (value === undefined || value === null) continue
      // Nothing settled at the head (or nothing left), so room: onPull would now only pull `in`,
      // and a pull that downstream makes during this push may go straight upstream.
      if (this.states[this.head] !== DONE) this.pushPassingPulls(this.out, value, this.in)
      else this.push(this.out, value)
    }
    if (this.count === 0 && this.isClosed(this.in)) this.completeStage()
    else if (this.count < n && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }
}
