/**
 * sluice: demand-driven streams for TypeScript.
 *
 * @example
 * ```ts
 * import { Source } from 'sluice'
 * await Source.range(1, 5).map((x) => x * x).runCollect() // [1, 4, 9, 16, 25]
 * ```
 * @module
 */
export * from './dsl/index.js'
export * from './core/index.js'
export {
  runningStreams,
  formatSnapshot,
  detectStalls,
  watchForStalls,
  type RunningStream,
  type StreamSnapshot,
  type StageSnapshot,
  type ConnectionSnapshot,
  type PortSnapshot,
  type StageState,
  type FormatOptions,
  type StallDetector,
  type StallOptions,
  type StallReport,
  type StallResolved,
  type StalledStage,
  collectMetrics,
  otelMetrics,
  metricDescriptors,
  type MetricsRecorder,
  type MetricAttributes,
  type MetricDescriptor,
  type MetricName,
  type CollectMetricsOptions,
  type MetricsCollector,
  type OtelMeter,
  type OtelMetrics,
  type OtelMetricsOptions,
} from './observability/index.js'
export type { Publisher, Subscriber, Subscription, Processor } from './spec/types.js'
export { SpecViolationError } from './spec/rules.js'
// ---- interop ----
export * from './interop/index.js'
// ---- async/time/buffer family ----
export { RateExceededError } from './operators/time/RateExceededError.js'
export type { Cancellable } from './operators/time/tick.js'
export type { ThrottleOptions } from './operators/time/throttle.js'
export type { DelayOptions } from './operators/time/delay.js'
export type { DelayOverflowStrategy } from './operators/time/internal/Delay.js'
export type { GroupedWeightedWithinOptions } from './operators/time/groupedWeightedWithin.js'
export type { OverflowStrategy } from './operators/buffer/buffer.js'
// ---- end async/time/buffer family ----
// ---- substreams/errors/lifecycle ----
export { TooManySubstreamsError, SubstreamTimeoutError } from './operators/substream/errors.js'
export type { GroupByOptions } from './operators/substream/groupBy.js'
export type { SplitOptions } from './operators/substream/splitWhen.js'
export type { PrefixAndTailOptions } from './operators/substream/prefixAndTail.js'
export { Supervision, type Decider, type Supervisable } from './operators/error/Supervision.js'
export type { RestartSettings } from './operators/restart/RestartSettings.js'
export { KillSwitches } from './operators/lifecycle/KillSwitches.js'
export { UniqueKillSwitch, type KillSwitch } from './operators/lifecycle/UniqueKillSwitch.js'
export { SharedKillSwitch } from './operators/lifecycle/SharedKillSwitch.js'
export type { KillSwitchRegistry } from './operators/lifecycle/internal/KillSwitchStage.js'
export { FlowMonitor, type FlowMonitorState } from './operators/lifecycle/FlowMonitor.js'
export type { MaybeHandle } from './operators/lifecycle/maybe.js'
// ---- end substreams/errors/lifecycle ----
// ---- fan-in/fan-out ----
export { Merge, type MergeOptions } from './operators/fan-in/merge.js'
export { MergePreferred, type MergePreferredOptions } from './operators/fan-in/mergePreferred.js'
export { MergePrioritized, type MergePrioritizedOptions } from './operators/fan-in/mergePrioritized.js'
export { MergeSorted } from './operators/fan-in/mergeSorted.js'
export { Concat } from './operators/fan-in/concat.js'
export { OrElse } from './operators/fan-in/orElse.js'
export { Interleave, type InterleaveOptions } from './operators/fan-in/interleave.js'
export { Zip } from './operators/fan-in/zip.js'
export { ZipWith } from './operators/fan-in/zipWith.js'
export { ZipN } from './operators/fan-in/zipN.js'
export { ZipWithN } from './operators/fan-in/zipWithN.js'
export { ZipLatest } from './operators/fan-in/zipLatest.js'
export { ZipLatestWith } from './operators/fan-in/zipLatestWith.js'
export { ZipAll } from './operators/fan-in/zipAll.js'
export { Broadcast, type BroadcastOptions } from './operators/fan-out/broadcast.js'
export { Balance, type BalanceOptions } from './operators/fan-out/balance.js'
export { Partition, type PartitionOptions } from './operators/fan-out/partition.js'
export { Unzip } from './operators/fan-out/unzip.js'
export { UnzipWith } from './operators/fan-out/unzipWith.js'
export { WireTap } from './operators/fan-out/wireTap.js'
export * from './channels/index.js'
// ---- end fan-in/fan-out ----
// ---- 0.2.0 operators ----
export { NeverMaterializedError } from './operators/sink/NeverMaterializedError.js'
export { SubscriptionTimeoutError } from './operators/sink/SubscriptionTimeoutError.js'
export type { AsPublisherOptions } from './operators/sink/asPublisher.js'
export { ThrottleControl } from './operators/time/ThrottleControl.js'
export type { AggregateTimer } from './operators/time/aggregateWithBoundary.js'
export type { MergeLatestOptions } from './operators/fan-in/mergeLatest.js'
export type { MapAsyncPartitionedOptions } from './operators/async/mapAsyncPartitioned.js'
export type { ClassOf, TypeGuard } from './operators/simple/collectType.js'
