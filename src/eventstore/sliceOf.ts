/**
 * Slices: a stable partition of aggregates, so subscriptions can be spread over processes.
 *
 * @module
 */

/**
 * The number of slices: an aggregate's slice is in `0 .. SLICE_COUNT - 1`.
 *
 * @category eventstore
 * @since 0.1.0
 */
export const SLICE_COUNT = 1024

/**
 * The slice of an aggregate: the 32-bit FNV-1a hash of the id's UTF-8 bytes, modulo 1024. It is
 * stable across processes, versions and backends (stores keep it with each event), so a range
 * of slices always names the same aggregates.
 *
 * @example
 * ```ts
 * sliceOf('room-1') // the same number in 0..1023, every time, everywhere
 * store.eventsBySlices({ minSlice: 0, maxSlice: 511 })   // one half of the aggregates
 * store.eventsBySlices({ minSlice: 512, maxSlice: 1023 }) // the other half
 * ```
 * @category eventstore
 * @since 0.1.0
 */
export function sliceOf(aggregateId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < aggregateId.length; i++) {
    let c = aggregateId.charCodeAt(i)
    if (c < 0x80) {
      h = fnv(h, c)
      continue
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < aggregateId.length) {
      const d = aggregateId.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd // a lone surrogate encodes as U+FFFD, as TextEncoder does
    if (c < 0x800) {
      h = fnv(h, 0xc0 | (c >> 6))
    } else if (c < 0x10000) {
      h = fnv(h, 0xe0 | (c >> 12))
      h = fnv(h, 0x80 | ((c >> 6) & 0x3f))
    } else {
      h = fnv(h, 0xf0 | (c >> 18))
      h = fnv(h, 0x80 | ((c >> 12) & 0x3f))
      h = fnv(h, 0x80 | ((c >> 6) & 0x3f))
    }
    h = fnv(h, 0x80 | (c & 0x3f))
  }
  return (h >>> 0) % SLICE_COUNT
}

function fnv(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193)
}
