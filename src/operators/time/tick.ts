import { requireDefined, requireDuration, type Duration } from '../../core/args.js'
import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

/**
 * The materialized value of {@link tick}: stops the ticks from outside the stream.
 *
 * @category time
 * @since 0.1.0
 */
export interface Cancellable {
  /** Stops the source (it completes); returns `true` if this call was the one that stopped it. */
  cancel(): boolean
  /** True once `cancel()` was called. */
  readonly isCancelled: boolean
}

/**
 * Emits `value` after `initialDelay`, then every `interval`, as long as downstream has asked for
 * it; a tick that finds downstream busy is dropped (ticks are not queued). Materializes a
 * {@link Cancellable} that completes the stream.
 *
 * ```
 * out: --x--x--x--x...    tick(2, 3, 'x')   (one tick = 1 ms)
 * ```
 * - **Emits when** a tick fires and downstream has pulled
 * - **Completes when** the materialized `Cancellable` is cancelled
 * - **Fails when** never
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * const [ticks, done] = Source.tick(0, '1s', 'refresh').toMat(Sink.collect(), Keep.both).run({ scheduler })
 * await scheduler.advance(3500)
 * ticks.cancel() // true
 * await done // ['refresh', 'refresh', 'refresh', 'refresh']
 * ```
 * @see {@link timer}, {@link keepAlive}, {@link sample}
 * @category time
 * @since 0.1.0
 */
export function tick<T>(initialDelay: Duration, interval: Duration, value: T): SourceGraph<T, Cancellable> {
  const first = requireDuration('tick', 'initialDelay', initialDelay)
  const every = requirePositiveDuration('tick', 'interval', interval)
  requireDefined('tick', 'value', value)
  return sourceOf('tick', () => new Tick<T>(first, every, value))
}

class Tick<T> extends SourceStage<T> {
  private cancelled = false
  private readonly stop = this.getAsyncCallback<void>(() => this.completeStage())

  constructor(
    private readonly first: number,
    private readonly every: number,
    private readonly value: T,
  ) {
    super()
    const self = this
    this.mat = {
      cancel(): boolean {
        if (self.cancelled) return false
        self.cancelled = true
        self.stop()
        return true
      },
      get isCancelled(): boolean {
        return self.cancelled
      },
    } satisfies Cancellable
  }

  override preStart(): void {
    this.scheduleAtFixedRate('tick', this.first, this.every)
  }

  // A pull is answered by the next tick, not now.
  onPull(): void {}

  override onTimer(): void {
    if (!this.cancelled && this.isAvailable(this.out)) this.push(this.out, this.value)
  }
}
