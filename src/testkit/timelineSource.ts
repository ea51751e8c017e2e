/**
 * A source that plays a timeline on the run's clock.
 *
 * @module
 */
import { sourceOf } from '../core/Graph.js'
import { SourceStage } from '../core/StageLogic.js'
import { Source } from '../dsl/Source.js'
import { parseTimeline, type TimelineEvent, type TimelineOptions } from './timeline.js'

/**
 * What a {@link timelineSource} materializes: when downstream first pulled and when it cancelled,
 * measured from the start of the run.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface TimelineSourceHandle {
  readonly firstPullAt: number | undefined
  readonly cancelledAt: number | undefined
  /** The subscription in the notation: `^` at the first pull, `!` at the cancel (`'^---!'`). */
  subscription(): string
}

/**
 * A source that emits the signals of a timeline (docs/notation.md) at their times on the run's
 * scheduler, from the moment the run starts. An element due while downstream has not pulled
 * waits, in order, until it does (the source never pushes without demand). `^` and `!` in the
 * timeline are ignored; the handle records them instead.
 *
 * ```
 * timelineSource('-a--b|')   emits a at 1 ms, b at 4 ms, completes at 5 ms (tickMs 1)
 * ```
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * await expectTimeline(timelineSource('-a--b|', { a: 1, b: 2 }).map((x) => x * 10), '-a--b|', { a: 10, b: 20 }, { scheduler })
 * ```
 * @see {@link expectTimeline}, {@link parseTimeline}
 * @category testkit
 * @since 0.1.0
 */
export function timelineSource<T = string>(
  marbles: string,
  values: Readonly<Record<string, T>> = {},
  options: TimelineOptions = {},
): Source<T, TimelineSourceHandle> {
  const timeline = parseTimeline(marbles, values, options)
  const tickMs = options.tickMs ?? 1
  return new Source(sourceOf<T, TimelineSourceHandle>('timelineSource', () => new TimelineSource<T>(timeline.events, tickMs)).module)
}

class TimelineSource<T> extends SourceStage<T> {
  private readonly ready: TimelineEvent<T>[] = []
  private next = 0
  private start = 0
  private firstPullAt: number | undefined = undefined
  private cancelledAt: number | undefined = undefined
  constructor(
    private readonly events: readonly TimelineEvent<T>[],
    private readonly tickMs: number,
  ) {
    super()
    const self = this
    const handle: TimelineSourceHandle = {
      get firstPullAt() {
        return self.firstPullAt
      },
      get cancelledAt() {
        return self.cancelledAt
      },
      subscription() {
        const ticks = (t: number | undefined): number => (t === undefined ? -1 : Math.round(t / self.tickMs))
        const s = ticks(self.firstPullAt)
        const c = ticks(self.cancelledAt)
        let out = ''
        for (let i = 0; i <= Math.max(s, c); i++) out += i === s && i === c ? '(^!)' : i === s ? '^' : i === c ? '!' : '-'
        return out
      },
    }
    this.mat = handle
  }
  override preStart(): void {
    this.start = this.scheduler.now()
    this.scheduleNext()
  }
  private scheduleNext(): void {
    const e = this.events[this.next]
    if (e !== undefined) this.scheduleOnce('due', Math.max(0, this.start + e.time - this.scheduler.now()))
  }
  override onTimer(): void {
    const now = this.scheduler.now() - this.start
    while (this.next < this.events.length && this.events[this.next]!.time <= now) this.ready.push(this.events[this.next++]!)
    this.flush()
    this.scheduleNext()
  }
  private flush(): void {
    while (this.ready.length > 0) {
      const e = this.ready[0]!
      if (e.kind === 'next') {
        if (!this.isAvailable(this.out)) return
        this.ready.shift()
        this.push(this.out, e.value)
      } else {
        this.ready.length = 0
        if (e.kind === 'complete') this.completeStage()
        else this.failStage(e.error)
        return
      }
    }
  }
  onPull(): void {
    this.firstPullAt ??= this.scheduler.now() - this.start
    this.flush()
  }
  override onDownstreamFinish(): void {
    this.cancelledAt = this.scheduler.now() - this.start
    this.completeStage()
  }
}
