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
export { FlowMonitor, type FlowMonitorState } from './operators/lifecycle/FlowMonitor.js'
export type { MaybeHandle } from './operators/lifecycle/maybe.js'
// ---- end substreams/errors/lifecycle ----
