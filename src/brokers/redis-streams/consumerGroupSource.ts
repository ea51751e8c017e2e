/**
 * The consumer-group source.
 *
 * @module
 */
import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { SubscriberSource } from '../../core/SubscriberSource.js'
import { Source } from '../../dsl/Source.js'
import type { ConsumerControl } from './ConsumerControl.js'
import type { ConsumerGroupOptions } from './ConsumerGroupOptions.js'
import { publisherOf } from './consumerGroupPublisher.js'
import type { ConsumerSession } from './internal/ConsumerSession.js'
import { consumerSettings } from './internal/consumerSettings.js'
import type { RedisStreamEnvelope } from './RedisStreamEnvelope.js'

/**
 * Emits the entries a Redis consumer group hands to `consumer`, each with an `ack()`. Reads are
 * `XREADGROUP ... COUNT k` on a connection of the source's own, where `k` is never more than the
 * outstanding demand: the source asks for `bufferSize` entries (default `maxBatch`, 100) and asks
 * again as half of them were pulled, so a stalled pipeline stops the reads and holds at most
 * `bufferSize` entries.
 *
 * On start it re-reads this consumer's own pending entries (id `0`: read before, never
 * acknowledged), then new ones (`>`). With `claim`, it takes over entries other consumers left
 * pending longer than `claim.minIdleMs` (`XAUTOCLAIM`); an entry delivered more than
 * `maxDeliveries` times goes to the dead-letter stream with its error and is acknowledged.
 * Nothing is acknowledged here: acknowledge with `envelope.ack()` or a committer, after processing.
 *
 * ```
 * out: --a--b--c------d--   (entries as the group hands them over; never more than pulled)
 * ```
 * - **Emits when** an entry was read and downstream pulls
 * - **Backpressures when** downstream does not pull: no read is sent beyond the demand
 * - **Completes when** `control.shutdown()` is called
 * - **Fails when** Redis cannot be reached or refuses the credentials at start, a command fails,
 *   or an entry is malformed or too large (typed errors naming the stream)
 * - **Cancels when** downstream cancels: the reading connection is closed, emitted entries stay
 *   pending until acknowledged
 *
 * @example
 * ```ts
 * for (let n = 1; n <= 5; n++) await client.xadd('orders', '*', 'amount', String(n * 10))
 * let billed = 0
 * const bill = async (amount: number) => void (billed += amount)
 * const [control, done] = RedisStreams.consumerGroupSource({
 *   client, stream: 'orders', group: 'billing', consumer: 'billing-1',
 *   claim: { minIdleMs: 30_000 }, maxDeliveries: 5,
 * })
 *   .mapAsync(4, async (m) => { await bill(Number(m.fields.amount)); return m })
 *   .take(5)
 *   .toMat(RedisStreams.committerSink({ maxBatch: 100, maxInterval: 50 }), Keep.both)
 *   .run()
 * await done
 * billed // 150
 * control.stats().acked // 5
 * ```
 * @see {@link RedisStreams.committerSink}, {@link RedisStreams.consumerGroupPublisher}
 * @category brokers
 * @since 0.1.0
 */
export function consumerGroupSource<P = Readonly<Record<string, string>>>(
  options: ConsumerGroupOptions<P>,
): Source<RedisStreamEnvelope<P>, ConsumerControl> {
  const settings = consumerSettings<P>('consumerGroupSource', options)
  const graph: SourceGraph<RedisStreamEnvelope<P>, ConsumerControl> = sourceOf('consumerGroupSource', () => {
    let session: ConsumerSession<P> | null = null
    let shutdownRequested = false
    const publisher = publisherOf(settings, (s) => {
      session = s
      if (shutdownRequested) queueMicrotask(() => s.shutdown())
    })
    const stage = new SubscriberSource<RedisStreamEnvelope<P>>(publisher, settings.bufferSize, 'consumerGroupSource')
    let resolveClosed!: () => void
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve))
    stage.onStop(() => {
      const s = session as ConsumerSession<P> | null
      if (s === null) resolveClosed()
      else s.cancel() // idempotent: the stage may stop without cancelling its subscription (a failing graph)
      if (s !== null) void s.closed.promise.then(resolveClosed)
    })
    const control: ConsumerControl = {
      shutdown: () => {
        shutdownRequested = true
        session?.shutdown()
      },
      closed,
      stats: () => ({ ...(session?.stats ?? { reads: 0, emitted: 0, acked: 0, claimed: 0, deadLettered: 0, trimmed: 0 }) }),
    }
    stage.mat = control
    return stage
  })
  return Source.fromGraph(graph)
}
