import { AbruptTerminationError } from '../../../core/errors.js'
import { deferred, type Deferred } from '../../../core/deferred.js'
import { SinkStage } from '../../../core/StageLogic.js'

/**
 * A sink whose materialized value is a Promise: resolved by the subclass, rejected with the
 * stream's failure, a thrown user function, or an abrupt stop.
 *
 * @internal
 */
/** What a stopped sink keeps instead of its own Deferred (which holds the result). */
const RELEASED: Deferred<never> = deferred<never>()
RELEASED.promise.catch(() => {})

export abstract class PromiseSink<In, R> extends SinkStage<In> {
  private result: Deferred<R> = deferred<R>()
  private settled = false
  constructor() {
    super()
    this.mat = this.result.promise
  }
  override preStart(): void {
    this.pull(this.in)
  }
  protected resolve(value: R): void {
    if (this.settled) return
    this.settled = true
    this.result.resolve(value)
  }
  override failStage(error: unknown): void {
    if (!this.settled) {
      this.settled = true
      this.result.reject(error)
    }
    super.failStage(error)
  }
  override postStop(): void {
    if (!this.settled) {
      this.settled = true
      this.result.reject(new AbruptTerminationError(`${this.name}: the stream stopped before a result was produced`))
    }
    // A stopped run may stay reachable for a while (Interpreter's recentRuns): let go of the
    // settled Promise, which holds the result (a collected array, a folded value).
    this.result = RELEASED as Deferred<R>
  }
}
