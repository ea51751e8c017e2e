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
 * await client.xadd('orders', '*', 'item', 'tea')
 * const [control, done] = RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'g', consumer: 'c', blockMs: 50 })
 *   .toMat(RedisStreams.committerSink({ maxInterval: '5ms' }), Keep.both)
 *   .run()
 * while (control.stats().acked < 1) await new Promise((r) => setTimeout(r, 10))
 * control.shutdown()   // no more reads; the stream completes and the committer flushes its acks
 * await done
 * await control.closed // the reading connection is closed
 * control.stats().emitted // 1
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface ConsumerControl {
  /** Stops reading and completes the stream; entries already emitted can still be acknowledged. */
  shutdown(): void
  /**
   * Resolves when the source has stopped and closed what it opened: its reading connection
   * (closed at once when the source stops) and, with the `connection` option, its acknowledging
   * connection (closed when every emitted entry was acknowledged, or `lingerMs` passed).
   */
  readonly closed: Promise<void>
  /** Counters of this run. */
  stats(): ConsumerStatsSnapshot
}

/**
 * Counters of a consumer-group source run.
 *
 * @example
 * ```ts
 * await client.xadd('orders', '*', 'item', 'tea')
 * const [control, done] = RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'g', consumer: 'c' })
 *   .take(1)
 *   .toMat(RedisStreams.committerSink(), Keep.both)
 *   .run()
 * await done
 * const stats: ConsumerStatsSnapshot = control.stats()
 * stats.emitted // 1
 * stats.acked // 1
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface ConsumerStatsSnapshot {
  /** `XREADGROUP` and `XAUTOCLAIM` calls. */
  readonly reads: number
  readonly emitted: number
  readonly acked: number
  /** Entries taken over from idle consumers (`XAUTOCLAIM`) and emitted. */
  readonly claimed: number
  readonly deadLettered: number
  /** Pending entries whose data was trimmed away (`MAXLEN`) before being read again: acknowledged, never emitted. */
  readonly trimmed: number
}
