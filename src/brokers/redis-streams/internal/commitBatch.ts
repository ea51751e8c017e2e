/**
 * Acknowledging a batch of envelopes: one `XACK` per (source run, stream).
 *
 * @module
 * @internal
 */
import type { RedisStreamEnvelope } from '../RedisStreamEnvelope.js'
import { StreamEntry, type EntryOwner } from './StreamEntry.js'

/** Acknowledges what `batch` holds that is not acknowledged yet; resolves with the batch. @internal */
export async function commitBatch<E extends RedisStreamEnvelope<unknown>>(op: string, batch: readonly E[]): Promise<readonly E[]> {
  let groups: Map<EntryOwner, Map<string, StreamEntry<unknown>[]>> | null = null
  for (const envelope of batch) {
    if (!(envelope instanceof StreamEntry)) throw new TypeError(`${op}: expected envelopes of RedisStreams.consumerGroupSource, got ${String(envelope)}`)
    const entry = envelope as StreamEntry<unknown>
    if (entry.acking) continue
    entry.acking = true
    groups ??= new Map()
    let byStream = groups.get(entry.owner)
    if (byStream === undefined) groups.set(entry.owner, (byStream = new Map()))
    const list = byStream.get(entry.stream)
    if (list === undefined) byStream.set(entry.stream, [entry])
    else list.push(entry)
  }
  if (groups === null) return batch
  const acks: Promise<void>[] = []
  for (const [owner, byStream] of groups)
    for (const [stream, entries] of byStream)
      acks.push(
        owner.ack(
          stream,
          entries.map((e) => e.id),
        ).then(
          () => {
            for (const e of entries) e.isAcked = true
          },
          (error: unknown) => {
            for (const e of entries) e.acking = false
            throw error
          },
        ),
      )
  await (acks.length === 1 ? acks[0] : Promise.all(acks))
  return batch
}
