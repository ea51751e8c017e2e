/**
 * The four interfaces of the Reactive Streams specification (version 1.0.4), named as the
 * specification names them so that code can be read against its rules.
 *
 * @module
 */

/**
 * A provider of a potentially unbounded number of sequenced elements, publishing them
 * according to the demand received from its {@link Subscriber}s.
 *
 * @example
 * ```ts
 * import { Source } from 'sluice'
 * const publisher: Publisher<number> = Source.range(1, 3).runWith(Sink.asPublisher())
 * ```
 * @category spec
 * @since 0.1.0
 */
export interface Publisher<T> {
  /** Requests the Publisher to start streaming data to `subscriber` (§1.9: must call `onSubscribe` first). */
  subscribe(subscriber: Subscriber<T>): void
}

/**
 * Receives a {@link Subscription} in `onSubscribe`, then no elements until it calls
 * `Subscription.request(n)`.
 *
 * @category spec
 * @since 0.1.0
 */
export interface Subscriber<T> {
  /** Called once, before any other signal (§1.9). */
  onSubscribe(subscription: Subscription): void
  /** One element; never more in total than was requested (§1.1). Never `null`/`undefined` (§2.13). */
  onNext(element: T): void
  /** Terminal failure; no further signals follow (§1.7). */
  onError(error: unknown): void
  /** Terminal completion; no further signals follow (§1.7). */
  onComplete(): void
}

/**
 * The one-to-one lifecycle of a {@link Subscriber} subscribing to a {@link Publisher}.
 *
 * @category spec
 * @since 0.1.0
 */
export interface Subscription {
  /** Adds `n` (> 0) to the outstanding demand (§3.8, §3.9). */
  request(n: number): void
  /** Asks the Publisher to stop sending signals; idempotent (§3.5, §3.7). */
  cancel(): void
}

/**
 * A processing stage which is both a {@link Subscriber} and a {@link Publisher}.
 *
 * @category spec
 * @since 0.1.0
 */
export interface Processor<T, R> extends Subscriber<T>, Publisher<R> {}
