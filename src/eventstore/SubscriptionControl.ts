/**
 * The handle a running subscription materializes.
 *
 * @module
 */

/**
 * What a running subscription ({@link EventStore.allEvents}, `eventsByTag`, `eventsBySlices`)
 * materializes: whether it has caught up, where it is, and a way to stop it.
 *
 * @example
 * ```ts
 * const [control, done] = store.allEvents().toMat(Sink.forEach(handle), Keep.both).run()
 * await control.caughtUp       // every event stored before the subscription started was handled
 * control.offset()             // offset of the last event emitted
 * control.shutdown()           // completes the stream; `done` resolves
 * ```
 * @category eventstore
 * @since 0.1.0
 */
export interface SubscriptionControl {
  /**
   * Resolves the first time the subscription has emitted every event that was visible when it
   * last looked (it read a page shorter than it asked for, and emitted all of it). Rejects when
   * the stream fails or is cancelled before that.
   */
  readonly caughtUp: Promise<void>
  /**
   * True while the subscription is at the head: its last read came back short and everything
   * read has been emitted. False while it is catching up, or when a read brought a full page.
   */
  isCaughtUp(): boolean
  /** The offset of the last event emitted, or `undefined` before the first one. */
  offset(): number | undefined
  /** Completes the stream (downstream sees completion); the subscription stops reading. */
  shutdown(): void
}
