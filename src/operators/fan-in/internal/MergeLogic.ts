import type { Inlet, OutHandler, Outlet } from '../../../core/ports.js'
import { StageLogic } from '../../../core/StageLogic.js'
import { IndexedInHandler, type IndexedInputs } from './IndexedInHandler.js'

/**
 * The stage behind `merge`, `mergePreferred` and `mergePrioritized`: every inlet is pulled, each
 * holds at most one element, and a pull of `out` is answered with the element of the inlet that
 * `select()` picks among those waiting (first come, first served by default).
 *
 * Completion: when every inlet has finished, or with `eagerComplete` as soon as one has. The
 * elements already received are still emitted before the stage completes; the inlets that hold
 * none are cancelled at once.
 *
 * @internal
 */
export class MergeLogic<T> extends StageLogic implements OutHandler, IndexedInputs {
  readonly out: Outlet<T>
  protected readonly ins: Inlet<T>[] = []
  /** Indices of the inlets that hold an element, in arrival order (a ring of capacity n). */
  protected readonly ring: Int32Array
  protected head = 0
  protected size = 0
  private open: number
  private closing = false
  /** onPull was delivered and found nothing to emit: downstream waits for the next element. */
  private waiting = false

  constructor(
    inputs: number,
    private readonly eagerComplete: boolean,
  ) {
    super()
    for (let i = 0; i < inputs; i++) this.ins.push(this.inlet<T>(`in${i}`, new IndexedInHandler(this, i)))
    this.out = this.outlet<T>('out', this)
    this.ring = new Int32Array(inputs)
    this.open = inputs
  }

  override preStart(): void {
    for (const inlet of this.ins) this.pull(inlet)
  }

  onPushFrom(index: number): void {
    // Emit at once only to a downstream whose pull we have seen and not answered. A pull that is
    // recorded but not delivered yet (downstream pulled from inside our push) will reach onPull:
    // leaving the element in the ring lets that onPull answer it, and the runtime then delivers
    // downstream's next pull in the same loop (it pulls again from inside our onPull), so a
    // stream of ready elements costs about one trip through the interpreter's queue each, not two.
    if (this.size === 0 && this.waiting && this.isAvailable(this.out)) this.emitFrom(index)
    else this.ring[(this.head + this.size++) % this.ring.length] = index
  }

  onPull(): void {
    if (this.size > 0) this.emitFrom(this.take(this.select()))
    else this.waiting = true
  }

  /** Which waiting inlet to serve: a position in the ring, 0 being the oldest. */
  protected select(): number {
    return 0
  }

  /** Removes the ring entry at `position` (0: oldest) and returns the inlet index it held. */
  private take(position: number): number {
    const n = this.ring.length
    const at = (this.head + position) % n
    const index = this.ring[at]!
    if (position === 0) this.head = (this.head + 1) % n
    else for (let p = position; p < this.size - 1; p++) this.ring[(this.head + p) % n] = this.ring[(this.head + p + 1) % n]!
    this.size--
    return index
  }

  private emitFrom(index: number): void {
    const inlet = this.ins[index]!
    this.waiting = false
    this.push(this.out, this.grab(inlet))
    if (!this.closing) this.pull(inlet)
    else {
      this.cancel(inlet)
      if (this.size === 0) this.completeStage()
    }
  }

  onFinishFrom(_index: number): void {
    this.open--
    if (this.closing || (!this.eagerComplete && this.open > 0)) return
    this.closing = true
    // Inlets holding an element keep it until it is emitted; the others are cancelled now.
    const holding = new Set<number>()
    for (let p = 0; p < this.size; p++) holding.add(this.ring[(this.head + p) % this.ring.length]!)
    for (let i = 0; i < this.ins.length; i++) if (!holding.has(i)) this.cancel(this.ins[i]!)
    if (this.size === 0) this.completeStage()
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
