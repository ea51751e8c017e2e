/**
 * A consumer-group session as a source of metrics (see `sluice/observability`).
 *
 * @module
 * @internal
 */
import type { MetricSource } from '../../../observability/metricSources.js'
import type { ConsumerStats } from './ConsumerSession.js'

/** What the metrics read of a session. @internal */
export interface ConsumerMetricsView {
  readonly group: string
  readonly consumer: string
  readonly stats: ConsumerStats
  /** Emitted and not yet acknowledged. */
  readonly unacknowledged: number
}

/** Reports `sluice.broker.*` for one session, under OpenTelemetry's messaging attributes. @internal */
export function consumerMetrics(streams: readonly string[], session: ConsumerMetricsView): MetricSource {
  const a = {
    'messaging.system': 'redis',
    'messaging.destination.name': streams.join(','),
    'messaging.consumer.group.name': session.group,
    'messaging.consumer.name': session.consumer,
  }
  return {
    report(r) {
      const s = session.stats
      r.counter('sluice.broker.consumed', s.emitted, a)
      r.counter('sluice.broker.reads', s.reads, a)
      r.counter('sluice.broker.acked', s.acked, a)
      r.counter('sluice.broker.claimed', s.claimed, a)
      r.counter('sluice.broker.dead_lettered', s.deadLettered, a)
      r.gauge('sluice.broker.pending', session.unacknowledged, a)
    },
  }
}
