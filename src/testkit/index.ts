/**
 * sluice/testkit: run streams under scripted demand, probes, virtual time, fast-check laws and
 * the Reactive Streams TCK.
 *
 * @module
 */
export { runScheduled, type DemandStep, type RunOutcome, type ScheduledRun, type RunScheduledOptions } from './runScheduled.js'
export { demandSchedule, elements, type DemandScheduleOptions, type ElementsOptions } from './arbitraries.js'
export { failingAt, InjectedFailure, type FailingAt } from './failingAt.js'
export { demandInvariant, equivalentTo, type FlowOrFactory, type LawOptions, type EquivalenceOptions } from './laws.js'
export { VirtualScheduler } from '../core/Scheduler.js'
export { TestSource, type SourceProbe } from './TestSource.js'
export { TestSink, type SinkProbe, type SinkSignal } from './TestSink.js'
export { TestkitAssertionError } from './TestkitAssertionError.js'
export type { ProbeOptions } from './internal/expect.js'
export { parseTimeline, renderTimeline, type Timeline, type TimelineEvent, type TimelineOptions } from './timeline.js'
export { timelineSource, type TimelineSourceHandle } from './timelineSource.js'
export { expectTimeline, type ExpectTimelineOptions, type TimelineRun } from './expectTimeline.js'
export { runVirtual, type RunVirtualOptions } from './runVirtual.js'
export * from './tck/index.js'
