/**
 * What the event-store cases share: the chat payload they store, the page size, the number of
 * stored events the catch-up scenarios read (`EVENTSTORE_BENCH_EVENTS`, default 200,000) and the
 * checksum of a catch-up (the sum of the payloads' `n`).
 */
export interface Payload {
  readonly n: number
  readonly content: string
  readonly senderId: string
}

/** The `n`th message of the chat. */
export const payload = (n: number): Payload => ({ n, content: `message number ${n}`, senderId: 'user-1' })

/** Events per page, for the store and for the plain keyset-paginated loops alike. */
export const PAGE = 1000

/** Events stored before a catch-up scenario runs. */
export const STORED = Number(process.env.EVENTSTORE_BENCH_EVENTS ?? 200_000)

/** Sums the `n` of `count` events, `batch` per append, written to a fresh aggregate by `append`. */
export async function appendAll(count: number, batch: number, append: (from: number, events: Payload[]) => Promise<void> | void): Promise<number> {
  for (let i = 0; i < count; i += batch) await append(i, Array.from({ length: batch }, (_, k) => payload(i + k)))
  return count
}
