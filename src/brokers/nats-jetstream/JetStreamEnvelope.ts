/**
 * What a JetStream source emits.
 *
 * @module
 */
import type { JsMsg } from '@nats-io/jetstream'

/**
 * One message of a JetStream pull consumer, with the means to settle it. It satisfies the
 * projection source contract (`offset`, `occurredAt`, `ack()`), so a projection can record the
 * stream sequence it reached and acknowledge after its handler ran.
 *
 * Settle every envelope once: `ack()` after processing, `nak(delayMs)` to have it redelivered,
 * `term()` to drop it for good. An envelope left unsettled is redelivered after the consumer's
 * `ack_wait` (to this or another consumer process); `working()` pushes that deadline back.
 *
 * @example
 * ```ts
 * const billedIds = await jetStreamSource({ connection, stream: 'ORDERS', consumer: 'billing', decode: (d) => JSON.parse(new TextDecoder().decode(d)) })
 *   .take(3)
 *   .mapAsync(4, async (m) => { await bill(m.payload); await m.ack(); return m.payload.id })
 *   .runCollect()
 * billedIds // [1, 2, 3]
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamEnvelope<T = Uint8Array> {
  /** The stream sequence of the message (what a projection saves as its offset). */
  readonly offset: number
  /** When the server stored the message. */
  readonly occurredAt: Date
  readonly stream: string
  /** The durable consumer it was read through. */
  readonly consumer: string
  readonly subject: string
  /** The raw bytes. */
  readonly data: Uint8Array
  /** `data` as the source's `decode` option turned it (the bytes themselves by default). */
  readonly payload: T
  /** The message's headers, `undefined` when it has none. */
  readonly headers: ReadonlyMap<string, readonly string[]> | undefined
  /** 1 on first delivery, then 2, 3, ... on redeliveries. */
  readonly deliveryCount: number
  readonly redelivered: boolean
  /** The driver's message, for what this envelope does not cover. */
  readonly message: JsMsg
  /**
   * Acknowledges the message. Resolves once the server has received the acknowledgement (one
   * round trip shared by all acknowledgements sent meanwhile); rejects when the connection closed.
   */
  ack(): Promise<void>
  /** Asks for redelivery, at once or after `delayMs`. Resolves like {@link JetStreamEnvelope.ack}. */
  nak(delayMs?: number): Promise<void>
  /** Tells the server never to deliver this message again. Resolves like {@link JetStreamEnvelope.ack}. */
  term(reason?: string): Promise<void>
  /** Tells the server the message is still being processed: its `ack_wait` starts again. */
  working(): void
}
