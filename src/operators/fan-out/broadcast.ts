import { requirePositiveInt } from '../../core/args.js'
import type { NotUsed } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { InHandler, Inlet, Outlet } from '../../core/ports.js'
import { shaped, UniformFanOutShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { IndexedOutHandler, type IndexedOutputs } from './internal/IndexedOutHandler.js'

/** Options of {@link Broadcast}. @category fan-out @since 0.1.0 */
export interface BroadcastOptions {
  /** Cancel upstream as soon as one output cancels. Default `false`: when all have. */
  readonly eagerCancel?: boolean
}

/**
 * Emits each element to every output. Upstream is pulled only when every output that is still
 * open has pulled, so the slowest output sets the pace.
 *
 * ```
 *            ┌─> out(0)   -1-2-3|
 * in: -1-2-3|┤
 *            └─> out(1)   -1-2-3|
 * ```
 * - **Emits when** every open output has pulled and upstream emits
 * - **Backpressures when** any open output backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** every output has cancelled (with `eagerCancel`, when any has)
 *
 * @example
 * ```ts
 * const [evens, all] = GraphDSL.create([Sink.collect<number>(), Sink.collect<number>()], (b, [s0, s1]) => {
 *   const bcast = b.add(Broadcast.create<number>(2))
 *   b.from(Source.range(1, 4)).to(bcast)
 *   b.from(bcast.out(0)).via(Flow.create<number>().filter((x) => x % 2 === 0)).to(s0)
 *   b.from(bcast.out(1)).to(s1)
 *   return ClosedShape
 * }).run()
 * await evens // [2, 4]
 * ```
 * @see {@link operators!fanOut.alsoTo | alsoTo}, {@link Balance}, {@link Partition}, {@link operators!fanOut.wireTap | wireTap}
 * @category fan-out
 * @since 0.1.0
 */
export const Broadcast = {
  create<T>(outputs: number, options: BroadcastOptions = {}): ShapedGraph<UniformFanOutShape<T, T>, NotUsed> {
    requirePositiveInt('Broadcast.create', 'outputs', outputs)
    return shaped(broadcastModule(outputs, options.eagerCancel ?? false), UniformFanOutShape.template<T, T>(outputs))
  },
}

/** @internal */
export function broadcastModule(outputs: number, eagerCancel: boolean, name = 'broadcast'): Module {
  return Module.of(stageDesc(name, 1, outputs, () => new BroadcastLogic(outputs, eagerCancel)))
}

class BroadcastLogic<T> extends StageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>
  private readonly outs: Outlet<T>[] = []
  /** Output `i` pulled since the last element went out. */
  private readonly pulled: Uint8Array
  /** Open outputs that have not pulled since the last element went out. */
  private waitingFor: number
  private open: number

  constructor(
    outputs: number,
    private readonly eagerCancel: boolean,
  ) {
    super()
    this.in = this.inlet<T>('in', this)
    for (let i = 0; i < outputs; i++) this.outs.push(this.outlet<T>(`out${i}`, new IndexedOutHandler(this, i)))
    this.pulled = new Uint8Array(outputs)
    this.waitingFor = outputs
    this.open = outputs
  }

  onPullFrom(index: number): void {
    this.pulled[index] = 1
    if (--this.waitingFor === 0) this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    this.waitingFor = this.open
    this.pulled.fill(0)
    // Every open output has pulled; one whose cancel is still on its way reads as not available
    // (the runtime clears its pull) and is skipped: the element is dropped with the cancel.
    for (const out of this.outs) if (this.isAvailable(out)) this.push(out, elem)
  }

  onUpstreamFinish(): void {
    this.completeStage()
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }

  onCancelFrom(index: number, cause: unknown): void {
    if (this.eagerCancel || --this.open === 0) return this.cancelStage(cause)
    if (this.pulled[index] === 1) return // it was no longer awaited
    if (--this.waitingFor === 0 && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }
}
