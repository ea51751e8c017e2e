import type { FlowGraph } from '../core/Graph.js'
import { restartFlow } from '../operators/restart/restartFlow.js'
import type { RestartSettings } from '../operators/restart/RestartSettings.js'
import { Flow } from './Flow.js'

/**
 * Flows that restart the flow a factory builds, with exponential backoff. A flow that runs the flow `factory` builds and, when that flow ends (its output completes or fails), builds and runs a new one after a backoff (see {@link RestartSettings}). See {@link operators!restart.restartFlow | restartFlow}.
 *
 * @category restart
 * @since 0.1.0
 */
export const RestartFlow = {
  /** Restarts the inner flow whenever it completes or fails (until `maxRestarts`). */
  withBackoff<In, Out>(settings: RestartSettings, factory: () => FlowGraph<In, Out, unknown>): Flow<In, Out> {
    return new Flow(restartFlow(settings, factory).module)
  },
  /** Restarts the inner flow when it fails; its completion completes this flow. */
  onFailuresWithBackoff<In, Out>(settings: RestartSettings, factory: () => FlowGraph<In, Out, unknown>): Flow<In, Out> {
    return new Flow(restartFlow(settings, factory, { onlyOnFailures: true }).module)
  },
} as const
