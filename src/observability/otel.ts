/**
 * sluice's metrics as OpenTelemetry instruments, without depending on `@opentelemetry/api`: the
 * caller passes a `Meter`, and this module only uses it through the few structural types below
 * (so nothing here imports OpenTelemetry, at load time or in the emitted types).
 *
 * @module
 */
import { requireFunction } from '../core/args.js'
import type { RunningStream } from '../core/Run.js'
import { listenToCallTimings } from '../operators/async/internal/callTiming.js'
import { durationListener, MetricsReader } from './internal/MetricsReader.js'
import { metricDescriptors, type MetricAttributes, type MetricName } from './metrics.js'

/**
 * The part of an OpenTelemetry `Meter` (`@opentelemetry/api` 1.3 or later) that {@link otelMetrics}
 * uses, typed structurally so that neither sluice's code nor its published types import
 * `@opentelemetry/api`. A real `Meter` fits it: pass `metrics.getMeter('sluice')`.
 *
 * @example
 * ```ts
 * import { MeterProvider } from '@opentelemetry/sdk-metrics'
 *
 * const meter: OtelMeter = new MeterProvider().getMeter('sluice')
 * otelMetrics(meter).stop()
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface OtelMeter {
  // Instruments are opaque here; options are `MetricOptions`, the result a `BatchObservableResult`.
  createObservableCounter(name: string, options?: { readonly description?: string; readonly unit?: string }): object
  createObservableGauge(name: string, options?: { readonly description?: string; readonly unit?: string }): object
  createHistogram(name: string, options?: { readonly description?: string; readonly unit?: string }): { record(value: number, attributes?: MetricAttributes): void }
  addBatchObservableCallback(callback: (result: { observe(observable: object, value: number, attributes?: MetricAttributes): void }) => void, observables: object[]): void
  removeBatchObservableCallback(callback: (result: { observe(observable: object, value: number, attributes?: MetricAttributes): void }) => void, observables: object[]): void
}

/**
 * Settings of {@link otelMetrics}.
 *
 * @example
 * ```ts
 * import { MeterProvider } from '@opentelemetry/sdk-metrics'
 *
 * const options: OtelMetricsOptions = { streams: () => runningStreams('orders'), mapAsyncDuration: false }
 * otelMetrics(new MeterProvider().getMeter('sluice'), options).stop()
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface OtelMetricsOptions {
  /** The streams to read (default: every running stream), as in {@link CollectMetricsOptions.streams}. */
  readonly streams?: () => Iterable<RunningStream>
  /** Record `sluice.mapAsync.duration` (default `true`); see {@link CollectMetricsOptions.mapAsyncDuration}. */
  readonly mapAsyncDuration?: boolean
  /** Receives what recording a duration throws (default: `console.warn`). */
  readonly onError?: (error: unknown) => void
}

/**
 * The instruments {@link otelMetrics} registered; `stop()` unregisters its callback and stops
 * timing `mapAsync` calls.
 *
 * @example
 * ```ts
 * import { MeterProvider } from '@opentelemetry/sdk-metrics'
 *
 * const handle: OtelMetrics = otelMetrics(new MeterProvider().getMeter('sluice'))
 * handle.stop()
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface OtelMetrics {
  stop(): void
}

/**
 * Registers sluice's metrics (see {@link metricDescriptors}) on an OpenTelemetry `meter`: an
 * observable counter or gauge per metric, all read by one batch callback when the SDK's metric
 * reader collects (so the SDK's export interval is the collection interval, and nothing is read
 * between exports), and a histogram for `sluice.mapAsync.duration` (ms) recorded as calls settle.
 *
 * Counters are observed as cumulative totals, as OpenTelemetry's observable counters expect; the
 * SDK turns them into deltas if the exporter asks for delta temporality.
 *
 * `@opentelemetry/api` is an optional peer dependency: sluice never imports it. Install it (and
 * an SDK) to use this function; everything else works without it.
 *
 * @example
 * ```ts
 * import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
 *
 * const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE) })
 * const provider = new MeterProvider({ readers: [reader] })
 * // with a global provider: otelMetrics(metrics.getMeter('sluice')), `metrics` from '@opentelemetry/api'
 * const sluiceMetrics = otelMetrics(provider.getMeter('sluice'))
 * await Source.range(1, 3).mapAsync(2, async (x) => x * 2).runCollect()
 * const { resourceMetrics } = await reader.collect()
 * const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name))
 * names.includes('sluice.mapAsync.duration') // true
 * sluiceMetrics.stop()
 * await provider.shutdown()
 * ```
 * @see {@link collectMetrics} for the same numbers without OpenTelemetry
 * @category observability
 * @since 0.2.0
 */
export function otelMetrics(meter: OtelMeter, options: OtelMetricsOptions = {}): OtelMetrics {
  const op = 'otelMetrics'
  const m = meter as Partial<OtelMeter> | null | undefined
  if (typeof m !== 'object' || m === null || typeof m.createObservableCounter !== 'function' || typeof m.addBatchObservableCallback !== 'function')
    throw new TypeError(`${op}(meter): expected an OpenTelemetry Meter (metrics.getMeter('sluice')), got ${m === null || m === undefined ? String(m) : typeof m === 'object' ? 'an object without createObservableCounter' : typeof m}`)
  const streams = options.streams === undefined ? undefined : requireFunction(op, 'options.streams', options.streams)
  const onError = options.onError === undefined ? warn : requireFunction(op, 'options.onError', options.onError)
  const instruments = new Map<MetricName, object>()
  for (const d of metricDescriptors) {
    const o = { description: d.description, unit: d.unit }
    if (d.kind === 'counter') instruments.set(d.name, meter.createObservableCounter(d.name, o))
    else if (d.kind === 'gauge') instruments.set(d.name, meter.createObservableGauge(d.name, o))
  }
  const observables = [...instruments.values()]
  const reader = new MetricsReader(streams)
  const callback = (result: { observe(observable: object, value: number, attributes?: MetricAttributes): void }): void => {
    const observe = (name: MetricName, value: number, attributes: MetricAttributes): void => {
      const instrument = instruments.get(name)
      if (instrument !== undefined) result.observe(instrument, value, attributes)
    }
    reader.read({ counter: observe, gauge: observe, histogram: () => {} })
  }
  meter.addBatchObservableCallback(callback, observables)
  let unlisten: (() => void) | null = null
  if (options.mapAsyncDuration !== false) {
    const duration = metricDescriptors.find((d) => d.name === 'sluice.mapAsync.duration')!
    const histogram = meter.createHistogram(duration.name, { description: duration.description, unit: duration.unit })
    unlisten = listenToCallTimings(
      durationListener({ counter: () => {}, gauge: () => {}, histogram: (_, value, attributes) => histogram.record(value, attributes) }, onError),
    )
  }
  let stopped = false
  return {
    stop() {
      if (stopped) return
      stopped = true
      meter.removeBatchObservableCallback(callback, observables)
      unlisten?.()
    },
  }
}

function warn(error: unknown): void {
  console.warn('sluice: recording a metric threw', error)
}
