/**
 * The Redis commands of a consumer-group session, with their replies parsed: reads
 * (`XREADGROUP`, `XAUTOCLAIM`), delivery counts (`XPENDING`), dead letters (`MULTI` of `XADD` and
 * `XACK`) and keep-alives (`XCLAIM ... JUSTID`). No state: `ConsumerSession` decides what to send.
 *
 * @module
 * @internal
 */
import type { Redis } from 'ioredis'

/** An entry as Redis returns it: id and flat fields, or `null` fields when the entry was trimmed away. @internal */
export type RawEntry = [id: string, fields: string[] | null]

type ReadReply = [stream: string, entries: RawEntry[]][] | null
type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number]

/** Who reads: the group and this consumer's name in it. @internal */
export interface Reader {
  readonly group: string
  readonly consumer: string
}

/** This consumer's own pending entries after `cursor`, without blocking. @internal */
export async function readOwnPending(redis: Redis, who: Reader, stream: string, cursor: string, count: number): Promise<RawEntry[]> {
  const reply = (await redis.call('XREADGROUP', 'GROUP', who.group, who.consumer, 'COUNT', count, 'STREAMS', stream, cursor)) as ReadReply
  return reply?.[0]?.[1] ?? []
}

/** New entries of `streams` (`>`), at most `count` per stream, blocking up to `blockMs`; `null` on timeout. @internal */
export async function readNew(redis: Redis, who: Reader, streams: readonly string[], count: number, blockMs: number): Promise<ReadReply> {
  const args: (string | number)[] = ['GROUP', who.group, who.consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...streams]
  for (let i = 0; i < streams.length; i++) args.push('>')
  return (await redis.call('XREADGROUP', ...args)) as ReadReply
}

/**
 * The streams of one read of new entries and the `COUNT` for each, so that their sum stays within
 * `demand` (`COUNT` applies per stream): as many streams as the demand allows, in rotation. @internal
 */
export function splitDemand(all: readonly string[], rotation: number, demand: number): { streams: readonly string[]; count: number; rotation: number } {
  if (all.length === 1) return { streams: all, count: demand, rotation: 0 }
  const k = Math.min(all.length, demand)
  const streams: string[] = []
  for (let i = 0; i < k; i++) streams.push(all[(rotation + i) % all.length]!)
  return { streams, count: Math.floor(demand / k), rotation: (rotation + k) % all.length }
}

/** One `XAUTOCLAIM` step: entries idle longer than `minIdleMs` become this consumer's. @internal */
export async function autoClaim(
  redis: Redis,
  who: Reader,
  stream: string,
  minIdleMs: number,
  cursor: string,
  count: number,
): Promise<{ readonly next: string; readonly entries: RawEntry[] }> {
  const reply = (await redis.call('XAUTOCLAIM', stream, who.group, who.consumer, minIdleMs, cursor, 'COUNT', count)) as [string, RawEntry[], string[]?]
  return { next: reply[0], entries: reply[1] }
}

/** The delivery counts of entries pending for this consumer, with one `XPENDING` over their id range. @internal */
export async function deliveryCounts(redis: Redis, who: Reader, stream: string, entries: readonly RawEntry[]): Promise<ReadonlyMap<string, number>> {
  const first = entries[0]![0]
  const last = entries[entries.length - 1]![0]
  const rows = (await redis.call('XPENDING', stream, who.group, first, last, entries.length, who.consumer)) as PendingRow[]
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(row[0], Number(row[3]))
  return counts
}

/** What a dead letter records. @internal */
export interface DeadLetter {
  readonly deadLetterStream: string
  readonly stream: string
  readonly id: string
  readonly fields: string
  readonly deliveries: number
  readonly error: string
}

/** Adds the dead letter and acknowledges the entry, both or neither (`MULTI`). @internal */
export async function addDeadLetter(redis: Redis, who: Reader, letter: DeadLetter): Promise<void> {
  const { deadLetterStream, stream, id } = letter
  const results = await redis
    .multi()
    .xadd(deadLetterStream, '*', 'stream', stream, 'id', id, 'group', who.group, 'consumer', who.consumer, 'deliveries', String(letter.deliveries), 'error', letter.error, 'fields', letter.fields)
    .xack(stream, who.group, id)
    .exec()
  const failed = results?.find((r) => r[0] !== null)
  if (results === null || failed !== undefined) throw failed?.[0] ?? new Error('the transaction was aborted')
}

/** Resets the idle time of `ids` without counting a delivery (`XCLAIM ... 0 ids JUSTID`). @internal */
export async function keepAlive(redis: Redis, who: Reader, stream: string, ids: readonly string[]): Promise<void> {
  await redis.call('XCLAIM', stream, who.group, who.consumer, 0, ...ids, 'JUSTID')
}
