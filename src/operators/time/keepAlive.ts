import { requireFunction, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import type { Inlet } from '../../core/ports.js'
import { LinearStage } from '../../core/StageLogic.js'
import { elementInFlight } from '../buffer/internal/elementInFlight.js'
import { requirePositiveDuration } from './internal/duration.js'

const TIMER = 'keepAlive'

/**
 * Injects `inject()` whenever no element has come from upstream for `maxIdle` and downstream is
 * waiting, so that a quiet stream still shows signs of life (heartbeats). Upstream elements are
 * read one ahead so that they always win over an injected one.
 *
 * ```
 * in:  -a----------b-|
 * out: -a----h----hb-|   keepAlive(5, () => 'h')   (one tick = 1 ms)
 * ```
 * - **Emits when** upstream emits, or downstream pulls and no element came from upstream for `maxIdle`
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes and the element read ahead, if any, was emitted
 * - **Fails when** upstream fails, or `inject` throws
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // keep a connection open: a ping after 300 ms of silence
 * const scheduler = new VirtualScheduler()
 * const withPings = Source.timer(1000, 'data').keepAlive(300, () => 'ping')
 * const done = withPings.map((x) => `${x}@${scheduler.now()}`).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await done // ['ping@300', 'ping@600', 'ping@900', 'data@1000']
 * ```
 * @see {@link idleTimeout}, {@link operators!buffer.extrapolate | extrapolate}
 * @category time
 * @since 0.1.0
 */
export function keepAlive<T, U = T>(maxIdle: Duration, inject: () => U): FlowGraph<T, T | U, NotUsed> {
  const ms = requirePositiveDuration('keepAlive', 'maxIdle', maxIdle)
  requireFunction('keepAlive', 'inject', inject)
  return flowOf('keepAlive', () => new KeepAlive<T, U>(ms, inject))
}

class KeepAlive<T, U> extends LinearStage<T, T | U> {
  private deadline = 0
  constructor(
    private readonly ms: number,
    private readonly inject: () => U,
  ) {
    super()
  }
  override preStart(): void {
    this.deadline = this.scheduler.now() + this.ms
    this.pull(this.in)
  }
  onPush(): void {
    // Only the deadline moves: a timer already running finds it moved and waits again.
    this.deadline = this.scheduler.now() + this.ms
    // Otherwise the element waits in the inlet (read ahead) until downstream pulls.
    if (this.isAvailable(this.out)) {
      this.push(this.out, this.grab(this.in))
      this.pull(this.in)
    }
  }
  override onPull(): void {
    if (this.isAvailable(this.in)) {
      this.push(this.out, this.grab(this.in))
      if (this.isClosed(this.in)) this.completeStage()
      else this.pull(this.in)
      return
    }
    // An element on its way (its onPush is queued) answers this pull, not an injected one.
    if (elementInFlight(this.in as Inlet<unknown>)) return
    this.injectOrWait()
  }
  override onUpstreamFinish(): void {
    if (!this.isAvailable(this.in)) this.completeStage()
  }
  override onTimer(): void {
    // Without demand there is nothing to do: the next pull looks at the deadline again.
    if (this.isAvailable(this.out) && !elementInFlight(this.in as Inlet<unknown>)) this.injectOrWait()
  }
  private injectOrWait(): void {
    const now = this.scheduler.now()
    if (now < this.deadline) {
      if (!this.isTimerActive(TIMER)) this.scheduleOnce(TIMER, this.deadline - now)
      return
    }
    this.deadline = now + this.ms
    const x = this.inject()
    if (x === undefined || x === null) throw new TypeError(`${this.name}: inject() returned ${String(x)}`)
    this.push(this.out, x)
  }
}
