/**
 * Seeing into running streams: snapshots of every stage and connection, a stall detector that
 * names the stage holding a stream up, and metrics (see `docs/observability.md`).
 *
 * @module observability
 */
export {
  runningStreams,
  type RunningStream,
  type StreamSnapshot,
  type StageSnapshot,
  type ConnectionSnapshot,
  type PortSnapshot,
  type StageState,
} from '../core/Run.js'
export { failedStage, captureBuildSites, type FailureOrigin } from '../core/errors.js'
export type { StageIntrospection } from '../core/StageLogic.js'
export { formatSnapshot, type FormatOptions } from './format.js'
export {
  detectStalls,
  watchForStalls,
  type StallDetector,
  type StallOptions,
  type StallReport,
  type StallResolved,
  type StalledStage,
} from './stalls.js'
export { metricDescriptors, type MetricsRecorder, type MetricAttributes, type MetricDescriptor, type MetricName } from './metrics.js'
export { collectMetrics, type CollectMetricsOptions, type MetricsCollector } from './collectMetrics.js'
export {
  otelMetrics,
  type OtelMeter,
  type OtelMetrics,
  type OtelMetricsOptions,
} from './otel.js'
