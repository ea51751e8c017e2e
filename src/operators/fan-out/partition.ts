import { requireFunction, requirePositiveInt } from '../../core/args.js'
import type { NotUsed } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { InHandler, Inlet, Outlet } from '../../core/ports.js'
import { shaped, UniformFanOutShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { IndexedOutHandler, type IndexedOutputs } from './internal/IndexedOutHandler.js'

/** Options of {@link Partition}. @category fan-out @since 0.1.0 */
export interface PartitionOptions {
  /** Cancel upstream as soon as one output cancels. Default `false`: when all have. */
  readonly eagerCancel?: boolean
}

/**
 * Sends each element to the output `partitioner(element)` chooses (an index from 0). An element
 * for an output that has not pulled yet is held (one at most) and upstream waits; an element for
 * an output that has cancelled is dropped.
 *
 * ```
 *            ┌─> out(0)   ---2---4|    partitioner: x % 2 === 0 ? 0 : 1
 * in: -1-2-3-4|┤
 *            └─> out(1)   -1---3--|
 * ```
 * - **Emits when** the chosen output has pulled and upstream emits
 * - **Backpressures when** the chosen output backpressures
 * - **Completes when** upstream completes (after handing over the held element)
 * - **Fails when** upstream fails, `partitioner` throws, or it returns an index out of range
 * - **Cancels when** every output has cancelled (with `eagerCancel`, when any has)
 *
 * @example
 * ```ts
 * const [evens, odds] = GraphDSL.create([Sink.collect<number>(), Sink.collect<number>()], (b, [e, o]) => {
 *   const part = b.add(Partition.create<number>(2, (x) => (x % 2 === 0 ? 0 : 1)))
 *   b.from(Source.range(1, 6)).to(part)
 *   b.from(part.out(0)).to(e)
 *   b.from(part.out(1)).to(o)
 *   return ClosedShape
 * }).run()
 * await evens // [2, 4, 6]
 * ```
 * @see {@link Balance}, {@link Broadcast}, {@link operators!fanOut.divertTo | divertTo}
 * @category fan-out
 * @since 0.1.0
 */
export const Partition = {
  create<T>(outputs: number, partitioner: (element: T) => number, options: PartitionOptions = {}): ShapedGraph<UniformFanOutShape<T, T>, NotUsed> {
    requirePositiveInt('Partition.create', 'outputs', outputs)
    requireFunction('Partition.create', 'partitioner', partitioner)
    return shaped(partitionModule(outputs, partitioner, options.eagerCancel ?? false), UniformFanOutShape.template<T, T>(outputs))
  },
}

/** @internal */
export function partitionModule<T>(outputs: number, partitioner: (element: T) => number, eagerCancel: boolean, name = 'partition'): Module {
  return Module.of(stageDesc(name, 1, outputs, () => new PartitionLogic(outputs, partitioner, eagerCancel)))
}

class PartitionLogic<T> extends StageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>
  private readonly outs: Outlet<T>[] = []
  private held: T | undefined = undefined
  private heldFor = -1
  private finishing = false
  private open: number

  constructor(
    outputs: number,
    private readonly partitioner: (element: T) => number,
    private readonly eagerCancel: boolean,
  ) {
    super()
    this.in = this.inlet<T>('in', this)
    for (let i = 0; i < outputs; i++) this.outs.push(this.outlet<T>(`out${i}`, new IndexedOutHandler(this, i)))
    this.open = outputs
  }

  onPullFrom(index: number): void {
    if (this.held !== undefined) {
      if (index !== this.heldFor) return
      const elem = this.held
      this.held = undefined
      this.push(this.outs[index]!, elem)
      if (this.finishing) return this.completeStage()
    }
    this.pullIfWanted()
  }

  /** Pulls upstream when nothing is held and some output is waiting. */
  private pullIfWanted(): void {
    if (this.held !== undefined || this.hasBeenPulled(this.in) || this.isClosed(this.in)) return
    for (const out of this.outs)
      if (this.isAvailable(out)) {
        this.pull(this.in)
        return
      }
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const index = this.partitioner(elem)
    if (!Number.isInteger(index) || index < 0 || index >= this.outs.length)
      throw new RangeError(`${this.name}: the partitioner returned ${String(index)}, expected an integer from 0 to ${this.outs.length - 1}`)
    const out = this.outs[index]!
    if (this.isAvailable(out)) this.push(out, elem)
    else if (!this.isClosed(out)) {
      this.held = elem
      this.heldFor = index
      return
    } // else: its output has cancelled; the element is dropped
    this.pullIfWanted()
  }

  onUpstreamFinish(): void {
    if (this.held === undefined) this.completeStage()
    else this.finishing = true
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }

  onCancelFrom(index: number, cause: unknown): void {
    if (this.eagerCancel || --this.open === 0) return this.cancelStage(cause)
    if (this.held !== undefined && index === this.heldFor) {
      this.held = undefined // its output is gone
      if (this.finishing) return this.completeStage()
    }
    this.pullIfWanted()
  }
}
