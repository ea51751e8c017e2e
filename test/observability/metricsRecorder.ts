/**
 * A MetricsRecorder for tests: keeps the last value of each counter and gauge per stage (or per
 * projection, per consumer) and every histogram measurement.
 */
import { afterEach } from 'vitest'
import { VirtualScheduler } from '../../src/core/Scheduler.js'
import { collectMetrics, type MetricAttributes, type MetricName, type MetricsCollector, type MetricsRecorder } from '../../src/observability/index.js'

export interface Measurement {
  readonly kind: 'counter' | 'gauge' | 'histogram'
  readonly name: MetricName
  readonly value: number
  readonly attributes: MetricAttributes
}

export class TestRecorder implements MetricsRecorder {
  /** Every call, in order. */
  readonly calls: Measurement[] = []
  /** Last counter/gauge value by `name|attributes as JSON`. */
  readonly last = new Map<string, Measurement>()

  counter(name: MetricName, value: number, attributes: MetricAttributes): void {
    this.add({ kind: 'counter', name, value, attributes })
  }
  gauge(name: MetricName, value: number, attributes: MetricAttributes): void {
    this.add({ kind: 'gauge', name, value, attributes })
  }
  histogram(name: MetricName, value: number, attributes: MetricAttributes): void {
    this.calls.push({ kind: 'histogram', name, value, attributes })
  }

  private add(m: Measurement): void {
    this.calls.push(m)
    this.last.set(`${m.name}|${JSON.stringify(m.attributes)}`, m)
  }

  /** The last value of `name` whose attributes include `match`. */
  value(name: MetricName, match: MetricAttributes): number | undefined {
    let found: number | undefined
    for (const m of this.last.values()) if (m.name === name && includes(m.attributes, match)) found = m.value
    return found
  }

  /** The histogram measurements of `name` whose attributes include `match`. */
  measurements(name: MetricName, match: MetricAttributes = {}): Measurement[] {
    return this.calls.filter((m) => m.kind === 'histogram' && m.name === name && includes(m.attributes, match))
  }

  clear(): void {
    this.calls.length = 0
    this.last.clear()
  }
}

function includes(a: MetricAttributes, match: MetricAttributes): boolean {
  return Object.entries(match).every(([k, v]) => a[k] === v)
}

/**
 * Collectors for one test file: each on virtual time with a TestRecorder (every 1 s unless
 * `options` say otherwise), all stopped after each test. Call once at the top of the file.
 */
export function testCollectors(): (options?: Partial<Parameters<typeof collectMetrics>[0]>) => {
  readonly recorder: TestRecorder
  readonly scheduler: VirtualScheduler
  readonly collector: MetricsCollector
  /** Forgets what was recorded, then collects once. */
  readonly collect: () => void
} {
  const collectors: MetricsCollector[] = []
  afterEach(() => {
    for (const c of collectors.splice(0)) c.stop()
  })
  return (options = {}) => {
    const recorder = new TestRecorder()
    const scheduler = new VirtualScheduler()
    const collector = collectMetrics({ recorder, scheduler, intervalMs: 1_000, ...options })
    collectors.push(collector)
    return { recorder, scheduler, collector, collect: () => (recorder.clear(), collector.collect()) }
  }
}
