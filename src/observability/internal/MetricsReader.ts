/**
 * Reads the metrics of the running streams, projections and broker consumers into a
 * {@link MetricsRecorder}: the one pass shared by `collectMetrics` and `otelMetrics`. It reads
 * what the runtime keeps anyway (the per-connection `pushes`, the port bits, what stages report
 * from `introspect()`), so nothing of it runs per element.
 *
 * @module
 * @internal
 */
import { Run, runningRuns, type RunningStream } from '../../core/Run.js'
import { IN_CLOSED, OUT_CLOSED, PULLED } from '../../core/ports.js'
import type { StageLogic } from '../../core/StageLogic.js'
import type { CallTimingListener } from '../../operators/async/internal/callTiming.js'
import { metricSources, type MetricSource } from '../metricSources.js'
import type { MetricAttributes, MetricsRecorder } from '../metrics.js'

/**
 * One reader per collector. It remembers what it saw at the previous read, so that a stream (or
 * projection, or consumer) that ended since is reported one last time, with its final totals,
 * and then forgotten. Streams are remembered weakly, like the registry of running streams holds
 * them: collecting never keeps an abandoned run alive.
 *
 * @internal
 */
export class MetricsReader {
  private runs: WeakRef<Run>[] = []
  private readonly refs = new WeakMap<Run, WeakRef<Run>>()
  private sources = new Set<MetricSource>()

  constructor(private readonly streams: (() => Iterable<RunningStream>) | undefined) {}

  read(recorder: MetricsRecorder): void {
    const seen = new Set<Run>()
    const next: WeakRef<Run>[] = []
    const iterable = this.streams === undefined ? runningRuns() : this.streams()
    for (const s of iterable) {
      // a RunningStream that is not one of ours (a test double) has nothing to read
      if (!(s instanceof Run) || seen.has(s)) continue
      seen.add(s)
      readRun(s, recorder)
      if (!s.finished) next.push(this.refOf(s))
    }
    for (const ref of this.runs) {
      const run = ref.deref()
      if (run !== undefined && !seen.has(run) && run.finished) readRun(run, recorder)
    }
    this.runs = next
    const sources = new Set<MetricSource>(metricSources())
    for (const source of sources) source.report(recorder)
    for (const source of this.sources) if (!sources.has(source)) source.report(recorder)
    this.sources = sources
  }

  private refOf(run: Run): WeakRef<Run> {
    let ref = this.refs.get(run)
    if (ref === undefined) this.refs.set(run, (ref = new WeakRef(run)))
    return ref
  }
}

function stageAttributes(run: Run, logic: StageLogic): MetricAttributes {
  return { stream: run.name, 'stream.id': run.id, stage: logic.name, 'stage.id': logic.rt.id }
}

function readRun(run: Run, r: MetricsRecorder): void {
  for (const logic of run.stages()) {
    const a = stageAttributes(run, logic)
    if (logic.inlets.length > 0) {
      let n = 0
      for (const inlet of logic.inlets) if (inlet.conn !== null) n += inlet.conn.pushes
      r.counter('sluice.stage.elements_in', n, a)
    }
    if (logic.outlets.length > 0) {
      let n = 0
      let demand = 0
      for (const outlet of logic.outlets) {
        const c = outlet.conn
        if (c === null) continue
        n += c.pushes
        // pulled, not answered, and neither side has closed the connection
        if ((c.state & (PULLED | IN_CLOSED | OUT_CLOSED)) === PULLED) demand++
      }
      r.counter('sluice.stage.elements_out', n, a)
      r.gauge('sluice.stage.demand', demand, a)
    }
    const info = logic.rt.stopped ? undefined : logic.introspect()
    if (info === undefined) continue
    if (info.buffered !== undefined) r.gauge('sluice.stage.buffer.usage', info.buffered, a)
    if (info.capacity !== undefined) r.gauge('sluice.stage.buffer.limit', info.capacity, a)
    if (info.inFlight !== undefined) r.gauge('sluice.stage.in_flight', info.inFlight, a)
    if (info.requested !== undefined) r.gauge('sluice.stage.requested', info.requested, a)
  }
}

/** Turns timed async calls into `sluice.mapAsync.duration` measurements; a recorder's throw goes to `onError`. @internal */
export function durationListener(recorder: MetricsRecorder, onError: (error: unknown) => void): CallTimingListener {
  // one attributes object per stage, not per call
  const attributes = new WeakMap<StageLogic, MetricAttributes>()
  return (stage, ms, error) => {
    let a = attributes.get(stage)
    if (a === undefined) attributes.set(stage, (a = stageAttributes(stage.interpreter.run, stage)))
    try {
      recorder.histogram('sluice.mapAsync.duration', ms, error === undefined ? a : { ...a, 'error.type': errorType(error) })
    } catch (e) {
      onError(e)
    }
  }
}

/** OpenTelemetry's `error.type`: the error's class name, or `_OTHER`. */
function errorType(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER'
}
