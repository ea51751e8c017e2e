/**
 * The per-aggregate sequence guard of a projection.
 *
 * @module
 * @internal
 */
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { SequenceGapError } from '../errors.js'
import type { OffsetEnvelope } from '../Offset.js'
import type { ProjectionId } from '../ProjectionId.js'

/** How the guard treats a jump in an aggregate's sequence numbers. */
export type GapPolicy = 'fail' | 'repair' | 'ignore'

/** @internal */
export interface SequenceGuardSettings<E extends OffsetEnvelope> {
  readonly id: ProjectionId
  /** Last processed sequence number per aggregate (the stored window); updated in place as envelopes pass. */
  readonly last: Map<string, number>
  /** Whether the source starts at the beginning (then an unknown aggregate must start at 1). */
  readonly fromStart: boolean
  readonly gaps: GapPolicy
  /** Reads the missing events `from..to` of an aggregate (for `repair`). */
  readonly repair: ((aggregateId: string, from: number, to: number) => Promise<E[]>) | undefined
  /** Counts a dropped duplicate. */
  readonly onDuplicate: () => void
}

/**
 * Drops envelopes whose sequence number the projection already processed (redeliveries, and
 * the overlap after a restart from an older offset), and fails on a jump in sequence numbers with
 * `SequenceGapError` (`gaps: 'fail'`), re-reads the missing events from the store and emits them
 * first (`'repair'`), or lets it pass (`'ignore'`). Envelopes without `aggregateId` and
 * `sequenceNumber` pass untouched. Holds at most the repaired events of one gap.
 *
 * @internal
 */
export function sequenceGuard<E extends OffsetEnvelope>(settings: SequenceGuardSettings<E>): FlowGraph<E, E, NotUsed> {
  return flowOf('sequenceGuard', () => new SequenceGuard<E>(settings))
}

class SequenceGuard<E extends OffsetEnvelope> extends LinearStage<E, E> {
  /** Repaired events, then the envelope that revealed the gap, waiting for demand. */
  private pending: E[] = []
  private repairing = false
  private readonly onRepaired = this.getAsyncCallback<E[]>((events) => {
    this.repairing = false
    this.pending = events
    if (this.isAvailable(this.out)) this.onPull()
  })
  private readonly onRepairFailed = this.getAsyncCallback<unknown>((error) => this.failStage(error))

  constructor(private readonly s: SequenceGuardSettings<E>) {
    super()
  }

  override onPull(): void {
    if (this.repairing) return
    const next = this.pending.shift()
    if (next !== undefined) {
      this.push(this.out, next)
      if (this.pending.length === 0 && this.isClosed(this.in)) this.completeStage()
    } else if (this.isClosed(this.in)) this.completeStage()
    else this.pull(this.in)
  }

  onPush(): void {
    const env = this.grab(this.in)
    const aggregateId = env.aggregateId
    const seq = env.sequenceNumber
    if (aggregateId === undefined || seq === undefined) return this.push(this.out, env)
    const last = this.s.last.get(aggregateId)
    if (last !== undefined && seq <= last) {
      this.s.onDuplicate()
      return this.pull(this.in)
    }
    const expected = last === undefined ? (this.s.fromStart ? 1 : seq) : last + 1
    if (seq > expected && this.s.gaps !== 'ignore') {
      if (this.s.gaps === 'fail' || this.s.repair === undefined)
        return this.failStage(new SequenceGapError(this.s.id, aggregateId, expected, seq, env.offset))
      this.repairing = true
      this.s.last.set(aggregateId, seq)
      const hold = env
      this.s.repair(aggregateId, expected, seq - 1).then((events) => {
        if (events.length !== seq - expected) throw new SequenceGapError(this.s.id, aggregateId, expected + events.length, seq, hold.offset)
        events.push(hold)
        return events
      }).then(this.onRepaired, this.onRepairFailed)
      return
    }
    this.s.last.set(aggregateId, seq)
    this.push(this.out, env)
  }

  override onUpstreamFinish(): void {
    if (!this.repairing && this.pending.length === 0) this.completeStage()
  }
}
