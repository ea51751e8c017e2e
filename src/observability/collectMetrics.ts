/**
 * The metrics collector: reads every running stream (and projection, and broker consumer) on a
 * timer and hands the numbers to a {@link MetricsRecorder}.
 *
 * @module
 */
import { requireFunction, requirePositiveInt } from '../core/args.js'
import type { RunningStream } from '../core/Run.js'
import { defaultScheduler, type Scheduler, type TimerHandle } from '../core/Scheduler.js'
import { listenToCallTimings } from '../operators/async/internal/callTiming.js'
import { durationListener, MetricsReader } from './internal/MetricsReader.js'
import type { MetricsRecorder } from './metrics.js'

/**
 * Settings of {@link collectMetrics}.
 *
 * @example
 * ```ts
 * const options: CollectMetricsOptions = {
 *   recorder: { counter() {}, gauge() {}, histogram() {} },
 *   intervalMs: 30_000,
 *   streams: () => runningStreams('orders'),
 *   mapAsyncDuration: false,
 * }
 * collectMetrics(options).stop()
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface CollectMetricsOptions {
  /** Receives the numbers. */
  readonly recorder: MetricsRecorder
  /** How often to collect (ms, a positive integer; default 10,000). */
  readonly intervalMs?: number
  /** The clock and timers (default: real time; a `VirtualScheduler` in tests). */
  readonly scheduler?: Scheduler
  /**
   * The streams to read (default: every running stream, {@link runningStreams}). A stream that
   * ends between two collections is reported once more, with its final totals.
   */
  readonly streams?: () => Iterable<RunningStream>
  /**
   * Time every call of `mapAsync`, `filterAsync` and `mapAsyncUnordered` (in every stream) into
   * `sluice.mapAsync.duration` while the collector runs (default `true`). This is the only part
   * of the metrics that runs per element, and only while on.
   */
  readonly mapAsyncDuration?: boolean
  /** Receives what the recorder throws (default: `console.warn`); the streams are never failed by it. */
  readonly onError?: (error: unknown) => void
}

/**
 * A running collector.
 *
 * @example
 * ```ts
 * const collector: MetricsCollector = collectMetrics({ recorder: { counter() {}, gauge() {}, histogram() {} } })
 * collector.collect()
 * collector.stop()
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface MetricsCollector {
  /** Collects at once (also called by the timer). */
  collect(): void
  /** Stops collecting: clears the timer and stops timing `mapAsync` calls (if no other collector times them). */
  stop(): void
}

/**
 * Reports the metrics of every running stream to `recorder`, every `intervalMs`: per stage, the
 * elements in and out (cumulative counters), outstanding demand, buffer fill and calls in flight
 * (gauges); per running projection its progress and lag, per broker consumer what it consumed and
 * what is pending (see {@link metricDescriptors}). While it runs, the duration of each `mapAsync`
 * call goes to the `sluice.mapAsync.duration` histogram as it settles.
 *
 * Nothing runs per element to count: the runtime keeps a counter per connection anyway, and the
 * collector reads those from its timer. The timer does not keep a Node process alive.
 *
 * **Gotchas:** a stream that starts and ends between two collections is never seen. A chain
 * of operators fused into one stage reports as that stage (`map+filter`); a stream fused from
 * source to sink has no connection to count (give a stage `{ fuse: false }` to see it). Every
 * run is its own series (`stream.id`): name long-running streams and pass `streams` to keep the
 * number of series small.
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * const collector = collectMetrics({
 *   intervalMs: 15_000,
 *   recorder: {
 *     counter: (name, value, a) => lines.push(`${name}{stage="${a.stage}"} ${value}`),
 *     gauge: (name, value, a) => lines.push(`${name}{stage="${a.stage}"} ${value}`),
 *     histogram: () => {},
 *   },
 * })
 * // ... later, at shutdown:
 * collector.collect()
 * collector.stop()
 * ```
 * @see {@link otelMetrics} for OpenTelemetry
 * @category observability
 * @since 0.2.0
 */
export function collectMetrics(options: CollectMetricsOptions): MetricsCollector {
  const op = 'collectMetrics'
  if (typeof options !== 'object' || options === null) throw new TypeError(`${op}(options): expected { recorder, intervalMs? }, got ${String(options)}`)
  const recorder = requireRecorder(op, 'options.recorder', options.recorder)
  const every = requirePositiveInt(op, 'options.intervalMs', options.intervalMs ?? 10_000)
  const streams = options.streams === undefined ? undefined : requireFunction(op, 'options.streams', options.streams)
  const onError = options.onError === undefined ? warn : requireFunction(op, 'options.onError', options.onError)
  const scheduler = options.scheduler ?? defaultScheduler
  const reader = new MetricsReader(streams)
  const unlisten = options.mapAsyncDuration === false ? null : listenToCallTimings(durationListener(recorder, onError))
  let timer: TimerHandle | null = null
  let stopped = false

  const collect = (): void => {
    try {
      reader.read(recorder)
    } catch (e) {
      onError(e)
    }
  }
  const schedule = (): void => {
    if (stopped) return
    timer = scheduler.setTimeout(() => {
      timer = null
      collect()
      schedule()
    }, every)
    unref(timer)
  }
  schedule()
  return {
    collect,
    stop() {
      if (stopped) return
      stopped = true
      if (timer !== null) scheduler.clearTimeout(timer)
      timer = null
      unlisten?.()
    },
  }
}

/** Checks that `value` has the three methods of a {@link MetricsRecorder}. @internal */
export function requireRecorder(op: string, arg: string, value: unknown): MetricsRecorder {
  const r = value as Partial<MetricsRecorder> | null | undefined
  if (typeof r !== 'object' || r === null || typeof r.counter !== 'function' || typeof r.gauge !== 'function' || typeof r.histogram !== 'function')
    throw new TypeError(
      `${op}(${arg}): expected a MetricsRecorder (an object with counter, gauge and histogram functions), got ${r === null || r === undefined ? String(r) : typeof r === 'object' ? 'an object without them' : typeof r}`,
    )
  return r as MetricsRecorder
}

function warn(error: unknown): void {
  console.warn('sluice: a metrics recorder threw', error)
}

function unref(handle: unknown): void {
  const h = handle as { unref?: () => void } | null
  if (h !== null && typeof h === 'object' && typeof h.unref === 'function') h.unref()
}
