/**
 * What a running JetStream source materializes.
 *
 * @module
 */

/**
 * Counters of one running {@link jetStreamSource}.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamSourceStats {
  /** Pull requests sent. */
  readonly fetches: number
  /** Messages asked for by those requests (the sum of their `max_messages`). */
  readonly requested: number
  /** Messages emitted downstream. */
  readonly delivered: number
  /** Emitted and not yet acked, nak'ed or terminated (or expired past `ack_wait`). */
  readonly unsettled: number
  /** Failed fetches or look-ups that were retried. */
  readonly retries: number
}

/**
 * The handle a {@link jetStreamSource} materializes.
 *
 * @example
 * ```ts
 * const [control, done] = jetStreamSource({ connection, stream: 'ORDERS', consumer: 'billing' })
 *   .toMat(Sink.forEach((m) => void m.ack()), Keep.both)
 *   .run()
 * while (control.stats().delivered < 3) await new Promise((r) => setTimeout(r, 10))
 * control.shutdown() // stops fetching; the stream completes
 * await done
 * await control.stopped // the pull loop ended (and a connection it opened is closed)
 * control.stats().delivered // 3
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamSourceControl {
  /** Stops fetching (an open pull request is withdrawn) and completes the stream. */
  shutdown(): void
  /**
   * Resolves once the pull loop has ended after completion, failure or cancel, and a connection
   * the source opened itself is closed (after emitted messages were settled, or `closeTimeoutMs`).
   */
  readonly stopped: Promise<void>
  stats(): JetStreamSourceStats
}
