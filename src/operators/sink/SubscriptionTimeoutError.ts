/**
 * No Subscriber came to the Publisher of {@link operators!sink.asPublisher | asPublisher} within its `subscriptionTimeout`:
 * upstream is cancelled with this error, and a Subscriber that comes later gets it in `onError`
 * (Pekko's `SubscriptionTimeoutException`).
 *
 * @example
 * ```ts
 * const publisher = Source.range(1, 3).runWith(Sink.asPublisher({ subscriptionTimeout: 1 }))
 * await new Promise((resolve) => setTimeout(resolve, 20))
 * const error = await Source.fromPublisher(publisher).runCollect().catch((e: unknown) => e)
 * error instanceof Error && error.name // 'SubscriptionTimeoutError'
 * ```
 * @category sink
 * @since 0.2.0
 */
export class SubscriptionTimeoutError extends Error {
  override readonly name = 'SubscriptionTimeoutError'
}
