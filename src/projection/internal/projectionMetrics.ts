/**
 * A running projection as a source of metrics (see `sluice/observability`): its status, read when
 * a collector collects.
 *
 * @module
 * @internal
 */
import type { MetricSource } from '../../observability/metricSources.js'
import type { ProjectionId } from '../ProjectionId.js'
import type { ProjectionStatus } from '../ProjectionStatus.js'

/** Reports `sluice.projection.*` from `status()`, under the attributes `projection` and `projection.key`. @internal */
export function projectionMetrics(id: ProjectionId, status: () => ProjectionStatus): MetricSource {
  const a = { projection: id.name, 'projection.key': id.key }
  return {
    report(r) {
      const s = status()
      r.counter('sluice.projection.processed', s.processed, a)
      r.counter('sluice.projection.skipped', s.skipped, a)
      r.counter('sluice.projection.duplicates_dropped', s.duplicatesDropped, a)
      r.counter('sluice.projection.restarts', s.restarts, a)
      if (s.lag.events !== undefined) r.gauge('sluice.projection.lag_events', s.lag.events, a)
      if (s.lag.ms !== undefined) r.gauge('sluice.projection.lag_ms', s.lag.ms, a)
    },
  }
}
