/**
 * What a running consumer-group source materializes.
 *
 * @module
 */

/**
 * The handle of a running {@link RedisStreams.consumerGroupSource}: stop it, watch its connections
 * close, and read its counters.
 *
 * @example
 * ```ts
 * const [control, done] = RedisStreams.consumerGroupSource(options).toMat(RedisStreams.committerSink(), Keep.both).run()
 * control.shutdown()        // no more reads; the stream completes and the committer flushes its acks
 * await done
 * await control.closed      // every connection the source opened is closed
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface ConsumerControl {
  /** Stops reading and completes the stream; entries already emitted can still be acknowledged. */
  shutdown(): void
  /**
   * Resolves when the source has stopped and closed what it opened: at once for its reading
   * connection; for an acknowledging connection it opened itself (`connection` option), when
   * every emitted entry was acknowledged or `lingerMs` passed.
   */
  readonly closed: Promise<void>
  /** Counters of this run. */
  stats(): ConsumerStatsSnapshot
}

/**
 * Counters of a consumer-group source run.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface ConsumerStatsSnapshot {
  /** `XREADGROUP` and `XAUTOCLAIM` calls. */
  readonly reads: number
  readonly emitted: number
  readonly acked: number
  /** Entries taken over from idle consumers (`XAUTOCLAIM`). */
  readonly claimed: number
  readonly deadLettered: number
  /** Pending entries whose data was trimmed away (`MAXLEN`) before being read again: acknowledged, never emitted. */
  readonly trimmed: number
}
