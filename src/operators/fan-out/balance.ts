import { requirePositiveInt } from '../../core/args.js'
import type { NotUsed } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { InHandler, Inlet, Outlet } from '../../core/ports.js'
import { shaped, UniformFanOutShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { IndexedOutHandler, type IndexedOutputs } from './internal/IndexedOutHandler.js'

/** Options of {@link Balance}. @category fan-out @since 0.1.0 */
export interface BalanceOptions {
  /** Do not pull upstream before every output has pulled once. Default `false`. */
  readonly waitForAllDownstreams?: boolean
  /** Cancel upstream as soon as one output cancels. Default `false`: when all have. */
  readonly eagerCancel?: boolean
}

/**
 * Hands each element to one output that asked for it, the one that asked first. Upstream is
 * pulled once per pending request, so an element never goes to an output that did not pull.
 *
 * ```
 *            ┌─> out(0)   -1---3|
 * in: -1-2-3|┤
 *            └─> out(1)   ---2--|
 * ```
 * - **Emits when** an output has pulled and upstream emits (to the oldest pending output)
 * - **Backpressures when** no output has pulled
 * - **Completes when** upstream completes (after handing over an element it still holds)
 * - **Fails when** upstream fails
 * - **Cancels when** every output has cancelled (with `eagerCancel`, when any has)
 *
 * @example
 * ```ts
 * const workers = GraphDSL.create([Sink.collect<number>(), Sink.collect<number>()], (b, [w0, w1]) => {
 *   const balance = b.add(Balance.create<number>(2))
 *   b.from(Source.range(1, 10)).to(balance)
 *   b.from(balance.out(0)).to(w0)
 *   b.from(balance.out(1)).to(w1)
 *   return ClosedShape
 * })
 * const [a, b] = workers.run()
 * ;[...(await a), ...(await b)].length // 10
 * ```
 * @see {@link Broadcast}, {@link Partition}
 * @category fan-out
 * @since 0.1.0
 */
export const Balance = {
  create<T>(outputs: number, options: BalanceOptions = {}): ShapedGraph<UniformFanOutShape<T, T>, NotUsed> {
    requirePositiveInt('Balance.create', 'outputs', outputs)
    const waitForAll = options.waitForAllDownstreams ?? false
    const eagerCancel = options.eagerCancel ?? false
    const module = Module.of(stageDesc('balance', 1, outputs, () => new BalanceLogic(outputs, waitForAll, eagerCancel)))
    return shaped(module, UniformFanOutShape.template<T, T>(outputs))
  },
}

class BalanceLogic<T> extends StageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>
  private readonly outs: Outlet<T>[] = []
  /** Outputs that pulled and got nothing yet, oldest first (a ring; each output at most once). */
  private readonly ring: Int32Array
  private head = 0
  private size = 0
  /** An element whose requester cancelled before it arrived: it waits for the next pull. */
  private held: T | undefined = undefined
  private finishing = false
  private started: boolean
  private readonly everPulled: Uint8Array
  private open: number

  constructor(
    outputs: number,
    waitForAll: boolean,
    private readonly eagerCancel: boolean,
  ) {
    super()
    this.in = this.inlet<T>('in', this)
    for (let i = 0; i < outputs; i++) this.outs.push(this.outlet<T>(`out${i}`, new IndexedOutHandler(this, i)))
    this.ring = new Int32Array(outputs)
    this.everPulled = new Uint8Array(outputs)
    this.started = !waitForAll
    this.open = outputs
  }

  onPullFrom(index: number): void {
    if (this.held !== undefined) {
      const elem = this.held
      this.held = undefined
      this.push(this.outs[index]!, elem)
      if (this.finishing) return this.completeStage()
    } else this.ring[(this.head + this.size++) % this.ring.length] = index
    if (!this.started) {
      this.everPulled[index] = 1
      this.checkStarted()
    }
    this.pullIfWanted()
  }

  private checkStarted(): void {
    for (let i = 0; i < this.outs.length; i++) if (this.everPulled[i] === 0 && !this.isClosed(this.outs[i]!)) return
    this.started = true
  }

  private pullIfWanted(): void {
    if (this.started && this.size > 0 && this.held === undefined && !this.hasBeenPulled(this.in) && !this.isClosed(this.in))
      this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    while (this.size > 0) {
      const index = this.ring[this.head]!
      this.head = (this.head + 1) % this.ring.length
      this.size--
      const out = this.outs[index]!
      if (this.isAvailable(out)) {
        this.push(out, elem)
        this.pullIfWanted()
        return
      }
    }
    this.held = elem // every requester left meanwhile
  }

  onUpstreamFinish(): void {
    if (this.held === undefined) this.completeStage()
    else this.finishing = true
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }

  onCancelFrom(_index: number, cause: unknown): void {
    if (this.eagerCancel || --this.open === 0) return this.cancelStage(cause)
    // its entry in the ring, if any, is skipped when reached (the outlet is no longer available)
    if (!this.started) {
      this.checkStarted()
      this.pullIfWanted()
    }
  }
}
