/**
 * Asserting a stream's output against a timeline.
 *
 * @module
 */
import type { SourceGraph } from '../core/Graph.js'
import { VirtualScheduler } from '../core/Scheduler.js'
import { sinkOf } from '../core/Graph.js'
import { SinkStage } from '../core/StageLogic.js'
import { Keep } from '../dsl/Keep.js'
import { Source } from '../dsl/Source.js'
import { deepEqual, show } from './internal/deepEqual.js'
import { turn } from './internal/expect.js'
import { parseTimeline, renderTimeline, type Timeline, type TimelineEvent, type TimelineOptions } from './timeline.js'
import { TestkitAssertionError } from './TestkitAssertionError.js'
import { errorMatches } from './TestSink.js'

/**
 * Options of {@link expectTimeline}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface ExpectTimelineOptions extends TimelineOptions {
  /** The virtual clock to run on (default: a fresh one). */
  readonly scheduler?: VirtualScheduler
}

/**
 * What {@link expectTimeline} observed.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface TimelineRun<T, M> {
  /** The signals received, with their times. */
  readonly actual: TimelineEvent<T>[]
  /** The source's materialized value. */
  readonly mat: M
}

/**
 * Runs `source` on a virtual clock with unbounded demand for as long as the `expected` timeline
 * lasts, then cancels it if it is still running, and checks that it emitted exactly the
 * expected signals at the expected ticks (docs/notation.md). An `error` option makes `#` match
 * only that error (equal, an instance of a class, or a message matching a RegExp); without it
 * `#` matches any failure.
 *
 * @example
 * ```ts
 * await expectTimeline(timelineSource('-a-b|').map((x) => x.toUpperCase()), '-A-B|')
 * ```
 * @see {@link timelineSource}, {@link parseTimeline}
 * @category testkit
 * @since 0.1.0
 */
export async function expectTimeline<T, M>(
  source: SourceGraph<T, M>,
  expected: string,
  values: Readonly<Record<string, T>> = {},
  options: ExpectTimelineOptions = {},
): Promise<TimelineRun<T, M>> {
  const want: Timeline<T> = parseTimeline(expected, values, options)
  const scheduler = options.scheduler ?? new VirtualScheduler()
  const start = scheduler.now()
  let sink: RecordingSink<T> | null = null
  const mat = Source.fromGraph(source)
    .toMat(
      sinkOf<T, void>('expectTimeline', () => (sink = new RecordingSink<T>(start))),
      Keep.left,
    )
    .run({ scheduler })
  const s = sink as unknown as RecordingSink<T>
  await turn()
  // Fire timers up to the end of the expected timeline (and signals due exactly then).
  await scheduler.advanceTo(start + Math.max(0, want.duration - (options.tickMs ?? 1)))
  await turn()
  if (!s.isStopped) s.stopCb()
  await turn()
  const got = s.events
  const ok = got.length === want.events.length && got.every((e, i) => sameEvent(e, want.events[i]!, options))
  if (!ok) {
    const legend = got.length > 0 ? `\n  signals:  ${got.map((e) => `${e.time}ms ${e.kind === 'next' ? show(e.value, 40) : e.kind}`).join(', ')}` : ''
    throw new TestkitAssertionError(
      `expected timeline ${JSON.stringify(expected.trim())}\n  expected: ${renderTimeline(want.events, values, options)}\n  actual:   ${renderTimeline(got, values, options)}${legend}`,
      renderTimeline(want.events, values, options),
      renderTimeline(got, values, options),
    )
  }
  return { actual: got, mat }
}

function sameEvent<T>(got: TimelineEvent<T>, want: TimelineEvent<T>, options: TimelineOptions): boolean {
  if (got.time !== want.time || got.kind !== want.kind) return false
  if (got.kind === 'next') return deepEqual(got.value, (want as { value: T }).value)
  if (got.kind === 'error') return !('error' in options) || errorMatches(got.error, options.error)
  return true
}

class RecordingSink<T> extends SinkStage<T> {
  readonly events: TimelineEvent<T>[] = []
  readonly stopCb = this.getAsyncCallback<void>(() => this.cancel(this.in))
  constructor(private readonly start: number) {
    super()
  }
  private get t(): number {
    return this.scheduler.now() - this.start
  }
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    this.events.push({ time: this.t, kind: 'next', value: this.grab(this.in) })
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.events.push({ time: this.t, kind: 'complete' })
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.events.push({ time: this.t, kind: 'error', error })
    this.failStage(error)
  }
}
