import type { SinkGraph } from '../core/Graph.js'
import { restartSink } from '../operators/restart/restartSink.js'
import type { RestartSettings } from '../operators/restart/RestartSettings.js'
import { Sink } from './Sink.js'

/**
 * Sinks that restart the sink a factory builds, with exponential backoff. A sink that runs the sink `factory` builds and, when that sink ends (it completes, fails or cancels), builds and runs a new one after a backoff (see {@link RestartSettings}); upstream waits meanwhile. See {@link operators!restart.restartSink | restartSink}.
 *
 * @category restart
 * @since 0.1.0
 */
export const RestartSink = {
  /** Restarts the inner sink whenever it completes, fails or cancels (until `maxRestarts`). */
  withBackoff<T>(settings: RestartSettings, factory: () => SinkGraph<T, unknown>): Sink<T> {
    return new Sink(restartSink(settings, factory).module)
  },
} as const
