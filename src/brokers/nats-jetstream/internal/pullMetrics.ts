/**
 * A pull loop as a source of metrics (see `sluice/observability`).
 *
 * @module
 * @internal
 */
import type { MetricSource } from '../../../observability/metricSources.js'
import type { JetStreamSourceStats } from '../JetStreamSourceControl.js'

/** Reports `sluice.broker.*` for one pull loop, under OpenTelemetry's messaging attributes. @internal */
export function pullMetrics(stream: string, consumer: string, stats: () => JetStreamSourceStats): MetricSource {
  const a = { 'messaging.system': 'nats', 'messaging.destination.name': stream, 'messaging.consumer.group.name': consumer }
  return {
    report(r) {
      const s = stats()
      r.counter('sluice.broker.consumed', s.delivered, a)
      r.counter('sluice.broker.reads', s.fetches, a)
      r.gauge('sluice.broker.pending', s.unsettled, a)
    },
  }
}
