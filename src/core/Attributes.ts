/**
 * Settings attached to stages of a blueprint: a name for errors and logs, the input buffer of an
 * async boundary, the supervision strategy for stages that run user functions.
 *
 * @module
 */

/** What a stage does when a user function throws (issue: graphs/supervision). */
export type SupervisionDecision = 'stop' | 'resume' | 'restart'

/**
 * Attributes of one stage. Inner (closer to the stage) values win over outer ones.
 *
 * @category core
 * @since 0.1.0
 */
export interface Attributes {
  /** The stage's name in errors and logs; defaults to the operator name. */
  readonly name?: string
  /** Buffer of the input side of an async boundary (elements); demand is requested in batches of half of it. */
  readonly inputBuffer?: number
  /** Decides, per thrown error, whether a stage that runs user functions stops, skips the element or restarts. */
  readonly supervision?: (error: unknown) => SupervisionDecision
  /**
   * `false` keeps the stage out of fused chains: it runs as a stage of its own, with its own
   * connections (and so its own line in snapshots and metrics), at the cost of the fusion's speed.
   */
  readonly fuse?: false
  /** Log level for the `log` operator. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'off'
}

/** Merges `outer` under `inner`: a key set on `inner` wins. @internal */
export function mergeAttributes(inner: Attributes, outer: Attributes): Attributes {
  return { ...outer, ...inner }
}

/** The attributes every stage starts with. @internal */
export const noAttributes: Attributes = Object.freeze({})
