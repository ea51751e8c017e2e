import { requireDuration, requireNonNegativeInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { empty } from '../source/empty.js'
import { SubSourceOutlet } from './internal/SubSourceOutlet.js'

/** Options of {@link prefixAndTail}. */
export interface PrefixAndTailOptions {
  /** The tail Source must be run within this time, or the stage cancels upstream (default `'5s'`). */
  readonly subscriptionTimeout?: Duration
}

/**
 * Takes the first `n` elements and emits them, as an array, together with a `Source` of the rest
 * of the stream (the tail); then completes. The tail continues the same upstream and may be run
 * once, in this run or another.
 *
 * ```
 * in:   -1--2--3--4--|
 * out:  ----P|               prefixAndTail(2)    P = [[1, 2], tail]
 * tail:        3--4--|
 * ```
 * - **Emits when** `n` elements have arrived, or upstream completed before that (the tail is then empty)
 * - **Backpressures when** downstream backpressures; afterwards, when the tail backpressures
 * - **Completes when** the pair was emitted (the tail runs on until upstream completes)
 * - **Fails when** upstream fails (before the pair: the stream; after: the tail)
 * - **Cancels when** downstream cancels before the pair, the tail is cancelled, or the tail was not
 *   run within `subscriptionTimeout`
 *
 * @example
 * ```ts
 * const [[header], rows] = await Source.from(['id,name', '1,a', '2,b']).prefixAndTail(1).runWith(Sink.head())
 * header // 'id,name'
 * await rows.runCollect() // ['1,a', '2,b']
 * ```
 * @see {@link flatMapPrefix}
 * @category substream
 * @since 0.1.0
 */
export function prefixAndTail<T>(
  n: number,
  options: PrefixAndTailOptions = {},
): FlowGraph<T, readonly [prefix: T[], tail: SourceGraph<T, NotUsed>], NotUsed> {
  requireNonNegativeInt('prefixAndTail', 'n', n)
  const timeout = requireDuration('prefixAndTail', 'options.subscriptionTimeout', options.subscriptionTimeout ?? 5000)
  return flowOf('prefixAndTail', () => new PrefixAndTail<T>(n, timeout))
}

class PrefixAndTail<T> extends LinearStage<T, readonly [T[], SourceGraph<T, NotUsed>]> {
  private readonly prefix: T[] = []
  constructor(
    private readonly n: number,
    private readonly timeoutMs: number,
  ) {
    super()
  }
  override onPull(): void {
    if (this.n === 0) this.openTail()
    else this.pull(this.in)
  }
  onPush(): void {
    this.prefix.push(this.grab(this.in))
    if (this.prefix.length === this.n) this.openTail()
    else this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.pushThenComplete(this.out, [this.prefix, empty<T>()] as const)
  }

  private openTail(): void {
    const tail = new SubSourceOutlet<T>(this, 'tail', {
      onPull: () => this.pull(this.in),
      onDownstreamFinish: (cause) => this.cancelStage(cause),
    })
    this.setHandler(this.in, {
      onPush: () => tail.push(this.grab(this.in)),
      onUpstreamFinish: () => {
        tail.complete()
        this.completeStage()
      },
      onUpstreamFailure: (e) => {
        tail.fail(e)
        this.failStage(e)
      },
    })
    tail.timeout(this.timeoutMs)
    this.push(this.out, [this.prefix, tail.source()] as const)
    this.complete(this.out) // the stage lives on for the tail, as long as `in` is open
  }
}
