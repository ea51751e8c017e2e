/**
 * A MetricsRecorder for tests: keeps the last value of each counter and gauge per stage (or per
 * projection, per consumer) and every histogram measurement.
 */
import type { MetricAttributes, MetricName, MetricsRecorder } from '../../src/observability/index.js'

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
