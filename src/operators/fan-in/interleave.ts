import { requirePositiveInt } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/** Options of {@link interleave}. @category fan-in @since 0.1.0 */
export interface InterleaveOptions {
  /** Complete (cancelling the others) as soon as one input completes. Default `false`: go on with the rest. */
  readonly eagerClose?: boolean
}

/**
 * Takes `segmentSize` elements from this stream, then `segmentSize` from `other`, and so on.
 * When one input completes, the rest of the other follows (unless `eagerClose`).
 *
 * ```
 * in:    -1-2-3-4|
 * other: -a-b-c-d|
 * out:   -1-2-a-b-3-4-c-d|     interleave(other, 2)
 * ```
 * - **Emits when** the input whose turn it is emits
 * - **Backpressures when** downstream backpressures (only the current input is pulled)
 * - **Completes when** both inputs have completed (with `eagerClose`, when either has)
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 3, 4]).interleave(Source.from([10, 20, 30, 40]), 2).runCollect()
 * // [1, 2, 10, 20, 3, 4, 30, 40]
 * ```
 * @see {@link Interleave}, {@link merge}, {@link concat}
 * @category fan-in
 * @since 0.1.0
 */
export function interleave<T, M>(other: SourceGraph<T, M>, segmentSize: number, options: InterleaveOptions = {}): FlowGraph<T, T, M> {
  requirePositiveInt('interleave', 'segmentSize', segmentSize)
  return { module: attachSources(interleaveModule(2, segmentSize, options.eagerClose ?? false), [other], 0) }
}

/**
 * Graph-building form of {@link interleave}: `inputs` inlets served `segmentSize` elements at a
 * time, round robin.
 *
 * @example
 * ```ts
 * const rr = Interleave.create<number>(3, 1)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const Interleave = {
  create<T>(inputs: number, segmentSize: number, options: InterleaveOptions = {}): ShapedGraph<UniformFanInShape<T, T>, NotUsed> {
    requirePositiveInt('Interleave.create', 'inputs', inputs)
    requirePositiveInt('Interleave.create', 'segmentSize', segmentSize)
    return shaped(interleaveModule(inputs, segmentSize, options.eagerClose ?? false), UniformFanInShape.template<T, T>(inputs))
  },
}

/** @internal */
export function interleaveModule(inputs: number, segmentSize: number, eagerClose: boolean): Module {
  return Module.of(stageDesc('interleave', inputs, 1, () => new InterleaveLogic(inputs, segmentSize, eagerClose)))
}

class InterleaveLogic<T> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly ins: Inlet<T>[] = []
  private readonly out: Outlet<T>
  private current = 0
  private taken = 0
  private open: number

  constructor(
    inputs: number,
    private readonly segmentSize: number,
    private readonly eagerClose: boolean,
  ) {
    super()
    for (let i = 0; i < inputs; i++) this.ins.push(this.inlet<T>(`in${i}`, new IndexedInHandler(this, i)))
    this.out = this.outlet<T>('out', this)
    this.open = inputs
    // a pull of `out` only pulls the current input: the runtime may pass it there directly
    this.out.passTo = this.ins[0] as Inlet<unknown>
  }

  onPull(): void {
    // onFinishFrom may have passed this pull on already (isAvailable(out) holds while it is on its way)
    const inlet = this.ins[this.current]!
    if (!this.hasBeenPulled(inlet)) this.pull(inlet)
  }

  onPushFrom(index: number): void {
    const elem = this.grab(this.ins[index]!)
    // turn first: downstream's next pull may come from inside this push and go straight to the
    // input `out.passTo` names
    if (++this.taken === this.segmentSize) this.advance()
    this.push(this.out, elem)
  }

  /** Moves the turn to the next input that is still open. */
  private advance(): void {
    this.taken = 0
    const n = this.ins.length
    for (let step = 1; step <= n; step++) {
      const next = (this.current + step) % n
      if (!this.isClosed(this.ins[next]!)) {
        this.current = next
        this.out.passTo = this.ins[next] as Inlet<unknown>
        return
      }
    }
  }

  onFinishFrom(index: number): void {
    this.open--
    if (this.eagerClose || this.open === 0) return this.completeStage()
    if (index !== this.current) return
    this.advance()
    // a pull of `out` that was passed to the finished input goes to the next one
    const inlet = this.ins[this.current]!
    if (this.isAvailable(this.out) && !this.hasBeenPulled(inlet)) this.pull(inlet)
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
