import type { SourceGraph } from '../core/Graph.js'
import { restartSource } from '../operators/restart/restartSource.js'
import type { RestartSettings } from '../operators/restart/RestartSettings.js'
import { Source } from './Source.js'

/**
 * Sources that restart the source a factory builds, with exponential backoff. A source that runs the source `factory` builds and, when it ends, builds and runs a new one after a backoff (see {@link RestartSettings}). See {@link operators!restart.restartSource | restartSource}.
 *
 * @category restart
 * @since 0.1.0
 */
export const RestartSource = {
  /** Restarts the inner source whenever it completes or fails (until `maxRestarts`). */
  withBackoff<T>(settings: RestartSettings, factory: () => SourceGraph<T, unknown>): Source<T> {
    return new Source(restartSource(settings, factory).module)
  },
  /** Restarts the inner source when it fails; its completion completes this source. */
  onFailuresWithBackoff<T>(settings: RestartSettings, factory: () => SourceGraph<T, unknown>): Source<T> {
    return new Source(restartSource(settings, factory, { onlyOnFailures: true }).module)
  },
} as const
