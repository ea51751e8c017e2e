/**
 * A source provider for tests, with offsets you control.
 *
 * @module
 */
import { sourceOf } from '../core/Graph.js'
import { SourceStage } from '../core/StageLogic.js'
import type { Offset, OffsetEnvelope } from './Offset.js'
import type { SourceProvider } from './SourceProvider.js'

/**
 * A {@link SourceProvider} fed by the test: `offer` envelopes (with increasing numeric offsets),
 * and every running projection sees them, catching up from its saved offset and then live,
 * like an event-store subscription. `isCaughtUp()` of the materialized value is true when the
 * projection's source has emitted everything offered so far, so `whenCaughtUp()` works. `fail`
 * makes the running sources (and the next ones) fail, for restart tests.
 *
 * @example
 * ```ts
 * const provider = new TestSourceProvider<OffsetEnvelope & { n: number }>()
 * provider.offer({ offset: 1, aggregateId: 'a', sequenceNumber: 1, n: 10 })
 * const seen: number[] = []
 * const control = Projection.atLeastOnce({ id: ProjectionId.of('t'), sourceProvider: provider,
 *   offsetStore: new InMemoryOffsetStore(), saveOffset: { afterEnvelopes: 1 }, handler: (e) => void seen.push(e.n) }).run()
 * await control.whenCaughtUp()
 * seen // [10]
 * await control.stop()
 * ```
 * @category projection
 * @since 0.2.0
 */
export class TestSourceProvider<E extends OffsetEnvelope> implements SourceProvider<E> {
  readonly description = 'testSource'
  readonly completeAggregates: boolean
  private readonly envelopes: E[] = []
  private readonly running = new Set<() => void>()
  private failure: unknown = undefined

  constructor(options: { readonly completeAggregates?: boolean } = {}) {
    this.completeAggregates = options.completeAggregates ?? true
  }

  /** Adds envelopes; their offsets must be numbers greater than every offset offered before. */
  offer(...envelopes: E[]): void {
    for (const e of envelopes) {
      const last = this.envelopes[this.envelopes.length - 1]?.offset as number | undefined
      if (typeof e.offset !== 'number' || (last !== undefined && e.offset <= last))
        throw new RangeError(`TestSourceProvider.offer(envelope.offset): expected a number above ${last ?? '-Infinity'}, got ${JSON.stringify(e.offset)}`)
      this.envelopes.push(e)
    }
    for (const wake of this.running) wake()
  }

  /** Fails every running source with `error`, and every source started later, until `recover()`. */
  fail(error: unknown): void {
    this.failure = error
    for (const wake of this.running) wake()
  }

  /** Lets sources started from now on run again after `fail`. */
  recover(): void {
    this.failure = undefined
  }

  /** Sources running now (a test can check that a stopped projection released its source). */
  get runningSources(): number {
    return this.running.size
  }

  source(offset: Offset | undefined): ReturnType<SourceProvider<E>['source']> {
    return sourceOf<E, { isCaughtUp(): boolean }>('testSource', () => {
      const stage = new TestSource<E>(this, this.envelopes, this.running, offset)
      stage.mat = { isCaughtUp: () => stage.isCaughtUp() }
      return stage
    })
  }

  /** @internal */
  currentFailure(): unknown {
    return this.failure
  }
}

class TestSource<E extends OffsetEnvelope> extends SourceStage<E> {
  private index: number
  private readonly wake = this.getAsyncCallback<void>(() => this.onWake())

  constructor(
    private readonly owner: TestSourceProvider<E>,
    private readonly envelopes: readonly E[],
    private readonly running: Set<() => void>,
    after: Offset | undefined,
  ) {
    super()
    this.index = after === undefined ? 0 : envelopes.findIndex((e) => (e.offset as number) > (after as number))
    if (this.index < 0) this.index = envelopes.length
  }

  override preStart(): void {
    this.running.add(this.wake)
    if (this.owner.currentFailure() !== undefined) this.failStage(this.owner.currentFailure())
  }

  override postStop(): void {
    this.running.delete(this.wake)
  }

  isCaughtUp(): boolean {
    return this.index >= this.envelopes.length
  }

  onPull(): void {
    if (this.index < this.envelopes.length) this.push(this.out, this.envelopes[this.index++]!)
  }

  private onWake(): void {
    const failure = this.owner.currentFailure()
    if (failure !== undefined) return this.failStage(failure)
    if (this.isAvailable(this.out)) this.onPull()
  }
}
