/**
 * The registry of things besides streams that report metrics: running projections and broker
 * consumers register here when they start and leave when they stop; the metrics collector and
 * the OpenTelemetry adapter read them at each collection, the way they read the running streams.
 * Registering costs one `Set.add` per projection run or consumer, nothing per element.
 *
 * @module
 * @internal
 */
import type { MetricsRecorder } from './metrics.js'

/** Reports its counters and gauges when asked. @internal */
export interface MetricSource {
  report(recorder: MetricsRecorder): void
}

const sources = new Set<MetricSource>()

/** Adds `source` to the registry; returns the function that removes it (idempotent). @internal */
export function registerMetricSource(source: MetricSource): () => void {
  sources.add(source)
  return () => {
    sources.delete(source)
  }
}

/** The sources registered now. @internal */
export function metricSources(): Iterable<MetricSource> {
  return sources
}
