/**
 * The metrics sluice reports, and the small interface it reports them through. No dependency:
 * {@link collectMetrics} hands the numbers to any {@link MetricsRecorder}, and {@link otelMetrics}
 * is the same numbers as OpenTelemetry instruments.
 *
 * @module
 */

/**
 * The attributes of one measurement (OpenTelemetry's word; Prometheus says labels). Streams and
 * stages carry `stream`, `stream.id`, `stage`, `stage.id`; see {@link metricDescriptors}.
 *
 * @example
 * ```ts
 * const a: MetricAttributes = { stream: 'orders', 'stream.id': 3, stage: 'mapAsync', 'stage.id': 2 }
 * a.stage // 'mapAsync'
 * ```
 * @category observability
 * @since 0.2.0
 */
export type MetricAttributes = Readonly<Record<string, string | number | boolean>>

/**
 * Receives sluice's metrics. Implement it to feed any metrics library (a Prometheus client,
 * StatsD, a log line), or use {@link otelMetrics} for OpenTelemetry.
 *
 * - `counter` receives a **cumulative** total: everything counted since the thing measured
 *   started (a stream, a projection run, a broker consumer), never a delta. It only grows, for a
 *   given name and attributes. This is what OpenTelemetry's observable counters expect from
 *   their callbacks; a recorder that needs deltas subtracts the previous value it saw.
 * - `gauge` receives a value as it is now (a buffer's fill, outstanding demand, lag).
 * - `histogram` receives one measurement as it happens (the duration of one `mapAsync` call).
 *
 * `counter` and `gauge` are called at each collection (from the collector's timer, or
 * `collect()`); `histogram` is called when the measured thing happens. Names and units are in
 * {@link metricDescriptors}. A recorder should not throw: the collector passes what it throws to
 * its `onError`.
 *
 * @example
 * ```ts
 * const totals = new Map<string, number>()
 * const recorder: MetricsRecorder = {
 *   counter: (name, value, a) => totals.set(`${name} ${a.stage}`, value),
 *   gauge: () => {},
 *   histogram: () => {},
 * }
 * const queue = Source.queue<number>(8).to(Sink.ignore()).run({ name: 'pings' })
 * queue.offer(1)
 * queue.offer(2)
 * await new Promise((r) => setTimeout(r, 1))
 * const collector = collectMetrics({ recorder, streams: () => runningStreams('pings') })
 * collector.collect()
 * totals.get('sluice.stage.elements_out queue') // 2
 * collector.stop()
 * queue.complete()
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface MetricsRecorder {
  /** A monotonic cumulative total, as of now. */
  counter(name: MetricName, value: number, attributes: MetricAttributes): void
  /** A value as it is now. */
  gauge(name: MetricName, value: number, attributes: MetricAttributes): void
  /** One measurement, when it happened. */
  histogram(name: MetricName, value: number, attributes: MetricAttributes): void
}

/**
 * What one metric is: its name, the kind of instrument, its unit (UCUM, as OpenTelemetry writes
 * it: `ms`, `{element}`) and a description.
 *
 * @example
 * ```ts
 * const d: MetricDescriptor = metricDescriptors[0]
 * d.name // 'sluice.stage.elements_in'
 * d.kind // 'counter'
 * d.unit // '{element}'
 * ```
 * @category observability
 * @since 0.2.0
 */
export interface MetricDescriptor {
  readonly name: MetricName
  readonly kind: 'counter' | 'gauge' | 'histogram'
  readonly unit: string
  readonly description: string
}

const d = <N extends MetricName>(name: N, kind: MetricDescriptor['kind'], unit: string, description: string) => ({ name, kind, unit, description })

/**
 * Every metric sluice reports. Per stage of a running stream (attributes `stream` (the run's
 * name), `stream.id`, `stage` (its name; a fused chain is one stage, `map+filter`), `stage.id`):
 *
 * | name | kind | unit | what |
 * |---|---|---|---|
 * | `sluice.stage.elements_in` | counter | `{element}` | elements pushed into the stage (its inlets) |
 * | `sluice.stage.elements_out` | counter | `{element}` | elements the stage pushed (its outlets) |
 * | `sluice.stage.demand` | gauge | `{element}` | pulls on its outlets not answered yet (0 or 1 per outlet) |
 * | `sluice.stage.requested` | gauge | `{element}` | requested across an async boundary or from a Publisher, not received yet |
 * | `sluice.stage.buffer.usage` | gauge | `{element}` | elements held in its buffer |
 * | `sluice.stage.buffer.limit` | gauge | `{element}` | the buffer's bound |
 * | `sluice.stage.in_flight` | gauge | `{element}` | calls of an async stage not settled yet |
 * | `sluice.mapAsync.duration` | histogram | `ms` | one call of `mapAsync`, `filterAsync`, `mapAsyncUnordered`, from the call to its settlement (`error.type` set when it rejected) |
 *
 * Per projection (attributes `projection`, `projection.key`): `sluice.projection.processed`,
 * `.skipped`, `.duplicates_dropped`, `.restarts` (counters), `.lag_events`, `.lag_ms` (gauges,
 * when known). Per broker consumer (attributes `messaging.system` (`redis`, `nats`),
 * `messaging.destination.name` (the stream), `messaging.consumer.group.name` (the group or durable
 * consumer), and for Redis `messaging.consumer.name`): `sluice.broker.consumed` (received from the
 * broker, read-ahead included), `.reads` (counters), `.pending` (gauge: received and not yet
 * acknowledged), and for Redis `.acked`,
 * `.claimed`, `.dead_lettered` (counters).
 *
 * @example
 * ```ts
 * metricDescriptors.find((m) => m.name === 'sluice.projection.lag_ms')?.unit // 'ms'
 * ```
 * @category observability
 * @since 0.2.0
 */
export const metricDescriptors = [
  d('sluice.stage.elements_in', 'counter', '{element}', 'Elements pushed into the stage'),
  d('sluice.stage.elements_out', 'counter', '{element}', 'Elements the stage pushed downstream'),
  d('sluice.stage.demand', 'gauge', '{element}', 'Pulls on the stage outlets not answered yet'),
  d('sluice.stage.requested', 'gauge', '{element}', 'Elements requested across an async boundary or from a Publisher and not received yet'),
  d('sluice.stage.buffer.usage', 'gauge', '{element}', 'Elements held in the stage buffer'),
  d('sluice.stage.buffer.limit', 'gauge', '{element}', 'Capacity of the stage buffer'),
  d('sluice.stage.in_flight', 'gauge', '{element}', 'Calls of an async stage not settled yet'),
  d('sluice.mapAsync.duration', 'histogram', 'ms', 'Duration of one mapAsync call, from the call to its settlement'),
  d('sluice.projection.processed', 'counter', '{envelope}', 'Envelopes the projection handled'),
  d('sluice.projection.skipped', 'counter', '{envelope}', 'Envelopes a failure strategy skipped'),
  d('sluice.projection.duplicates_dropped', 'counter', '{envelope}', 'Envelopes the sequence guard dropped as already processed'),
  d('sluice.projection.restarts', 'counter', '{restart}', 'Runs of the projection started after a failure'),
  d('sluice.projection.lag_events', 'gauge', '{event}', 'Events after the saved offset'),
  d('sluice.projection.lag_ms', 'gauge', 'ms', 'Now minus the time the last processed event occurred'),
  d('sluice.broker.consumed', 'counter', '{message}', 'Messages received from the broker (those read ahead into the source buffer included)'),
  d('sluice.broker.reads', 'counter', '{read}', 'Reads (XREADGROUP, XAUTOCLAIM) or fetches sent to the broker'),
  d('sluice.broker.pending', 'gauge', '{message}', 'Messages received and not yet acknowledged'),
  d('sluice.broker.acked', 'counter', '{message}', 'Messages acknowledged'),
  d('sluice.broker.claimed', 'counter', '{message}', 'Messages taken over from idle consumers'),
  d('sluice.broker.dead_lettered', 'counter', '{message}', 'Messages moved to the dead-letter stream'),
] as const satisfies readonly MetricDescriptor[]

/**
 * The name of a metric sluice reports (see {@link metricDescriptors}).
 *
 * @example
 * ```ts
 * const name: MetricName = 'sluice.stage.demand'
 * metricDescriptors.some((d) => d.name === name) // true
 * ```
 * @category observability
 * @since 0.2.0
 */
export type MetricName =
  | 'sluice.stage.elements_in'
  | 'sluice.stage.elements_out'
  | 'sluice.stage.demand'
  | 'sluice.stage.requested'
  | 'sluice.stage.buffer.usage'
  | 'sluice.stage.buffer.limit'
  | 'sluice.stage.in_flight'
  | 'sluice.mapAsync.duration'
  | 'sluice.projection.processed'
  | 'sluice.projection.skipped'
  | 'sluice.projection.duplicates_dropped'
  | 'sluice.projection.restarts'
  | 'sluice.projection.lag_events'
  | 'sluice.projection.lag_ms'
  | 'sluice.broker.consumed'
  | 'sluice.broker.reads'
  | 'sluice.broker.pending'
  | 'sluice.broker.acked'
  | 'sluice.broker.claimed'
  | 'sluice.broker.dead_lettered'
