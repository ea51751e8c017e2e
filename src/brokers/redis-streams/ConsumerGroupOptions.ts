/**
 * Options of the consumer-group source and publisher.
 *
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis'

/**
 * Options of {@link RedisStreams.consumerGroupSource} and {@link RedisStreams.consumerGroupPublisher}.
 * Give exactly one of `client` and `connection`.
 *
 * @example
 * ```ts
 * const options: ConsumerGroupOptions<{ item: string }> = {
 *   client,
 *   stream: 'orders', group: 'billing', consumer: 'billing-1',
 *   decode: (fields) => JSON.parse(fields.json!) as { item: string },
 *   claim: { minIdleMs: 30_000 }, maxDeliveries: 5,
 * }
 * await client.xadd('orders', '*', 'json', '{"item":"tea"}')
 * const [m] = await RedisStreams.consumerGroupSource(options).take(1).runCollect()
 * m!.payload // { item: 'tea' }
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface ConsumerGroupOptions<P = Readonly<Record<string, string>>> {
  /**
   * Your ioredis client. It stays yours (never closed here); it carries the acknowledgements and
   * dead-letter writes, and is duplicated once for the source's reads, so a blocking `XREADGROUP`
   * never holds up your other commands.
   */
  readonly client?: Redis
  /** Or a `redis://` URL / ioredis options: the source opens its two connections and closes them. */
  readonly connection?: string | RedisOptions
  /** The stream (key) to read, or several. */
  readonly stream: string | readonly string[]
  readonly group: string
  /** This consumer's name in the group; give each process its own. */
  readonly consumer: string
  /**
   * Create the group (and the stream, `MKSTREAM`) when missing (default true). The group starts at
   * `startId` (default `'0'`: every entry already in the stream; `'$'`: only new ones).
   */
  readonly createGroup?: boolean
  readonly startId?: string
  /** The largest `COUNT` of one read (default 100). A read never asks for more than the outstanding demand. */
  readonly maxBatch?: number
  /**
   * How long one `XREADGROUP` blocks at the head of the stream (default 2000 ms; 0 blocks until an
   * entry arrives). Claims wait for a blocked read to return.
   */
  readonly blockMs?: number
  /** Demand the source asks of the Redis reader when run as a Source (default `maxBatch`). */
  readonly bufferSize?: number
  /**
   * Turns an entry's fields into the envelope's `payload`. A throw fails the source with a
   * `MalformedEntryError` and leaves the entry pending (unacknowledged).
   */
  readonly decode?: (fields: Readonly<Record<string, string>>, stream: string, id: string) => P
  /** Entries larger than this (fields and values, in bytes) fail the source with `MessageTooLargeError` (default: no limit). */
  readonly maxMessageBytes?: number
  /**
   * Take over entries that stayed pending (unacknowledged) longer than `minIdleMs`, whoever
   * holds them (`XAUTOCLAIM`), every `intervalMs` (default `minIdleMs / 2`). Off by default.
   */
  readonly claim?: { readonly minIdleMs: number; readonly intervalMs?: number }
  /**
   * Every `keepAliveMs`, reset the idle time of the entries this source emitted and that are not
   * acknowledged yet (`XCLAIM ... JUSTID`, which counts no delivery), so that other consumers'
   * claims take over only the entries of consumers that stopped, not those waiting in this
   * pipeline. Default: `claim.minIdleMs / 3` when `claim` is set, else off; `false` turns it off.
   * An entry `nack`ed is no longer kept alive.
   */
  readonly keepAliveMs?: number | false
  /**
   * An entry delivered more often than this (counted by Redis, whoever delivered it) is not emitted
   * again: it goes to the dead-letter stream with its last recorded error, and is acknowledged
   * (default: no limit).
   */
  readonly maxDeliveries?: number
  /** The dead-letter stream of entries of `stream` (default `${stream}:dead-letter`). */
  readonly deadLetterStream?: string | ((stream: string) => string)
  /**
   * With `connection`: how long the acknowledging connection stays open after the source stopped,
   * for acknowledgements still on their way (default 10000 ms). It closes as soon as every emitted
   * entry was acknowledged.
   */
  readonly lingerMs?: number
}
