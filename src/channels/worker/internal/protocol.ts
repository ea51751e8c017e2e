/**
 * The stream-ref protocol: the messages the two sides of a ref exchange, and the check that turns
 * whatever arrived into one of them (or a {@link StreamRefProtocolError}).
 *
 * ```
 *  receiver                                   sender
 *     │ ── hello ───────────────────────────────► │   the materializing side announces itself
 *     │ ── demand { upTo: 32 } ─────────────────► │   cumulative: "you may send elements #0..#31"
 *     │ ◄─────────── elems { seq: 0, items[16] } ─ │   sequence number of the first element
 *     │ ◄─────────── elems { seq: 16, items[16] } ─│
 *     │ ── demand { upTo: 48 } ─────────────────► │   sent again or lost: harmless, the max wins
 *     │ ◄───────────────── complete { count: 40 } ─│   the total count proves nothing was lost
 *     │ ── cancel ──────────────────────────────► │   (instead, when downstream cancels)
 *     │ ◄─── fail { count, name, message } ─────── │   (instead, when upstream fails)
 *     │ ◄──────────────────────────── hello ────── │   keep-alive, either way, when idleTimeout is set
 * ```
 *
 * Demand is cumulative so that a repeated or lost demand message does no harm (the next one
 * carries the whole truth); sequence numbers make a lost or repeated element batch a typed
 * failure instead of silent data loss. Every message names its ref, so a transport may carry
 * several refs (a network connection) and a stray message is detected.
 *
 * @module
 * @internal
 */
import { StreamRefProtocolError } from '../StreamRefProtocolError.js'

/** @internal */
export type RefMessage =
  | { readonly t: 'hello'; readonly ref: string }
  | { readonly t: 'demand'; readonly ref: string; readonly upTo: number }
  | { readonly t: 'elems'; readonly ref: string; readonly seq: number; readonly items: unknown[] }
  | { readonly t: 'complete'; readonly ref: string; readonly count: number }
  | { readonly t: 'fail'; readonly ref: string; readonly count: number; readonly name: string; readonly message: string }
  | { readonly t: 'cancel'; readonly ref: string; readonly reason: string }

/** Which kind of handle a side belongs to, for error messages. @internal */
export type RefKind = 'sourceRef' | 'sinkRef'

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0
}

function describe(data: unknown): string {
  if (data === null) return 'null'
  if (Array.isArray(data)) return 'an array'
  if (typeof data === 'object') {
    const t = (data as { t?: unknown }).t
    return typeof t === 'string' ? `a ${JSON.stringify(t.slice(0, 40))} message` : 'an object without a type'
  }
  return `a ${typeof data}`
}

/**
 * Checks that `data` is a well-formed message for the ref `ref`; throws a
 * {@link StreamRefProtocolError} naming the ref and what was wrong otherwise.
 *
 * @internal
 */
export function decodeRefMessage(data: unknown, ref: string, kind: RefKind): RefMessage {
  const corrupt = (what: string): StreamRefProtocolError =>
    new StreamRefProtocolError(ref, kind, 'corrupt', `corrupt message: ${what}, got ${describe(data)}`)
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw corrupt('expected an object')
  const m = data as Record<string, unknown>
  if (typeof m.ref !== 'string') throw corrupt('expected a string "ref"')
  if (m.ref !== ref)
    throw new StreamRefProtocolError(ref, kind, 'unknown-ref', `a message for unknown ref ${JSON.stringify(m.ref.slice(0, 80))} arrived`)
  switch (m.t) {
    case 'hello':
      return m as RefMessage
    case 'demand':
      if (!isCount(m.upTo)) throw corrupt('"upTo" must be a non-negative integer')
      return m as RefMessage
    case 'elems':
      if (!isCount(m.seq)) throw corrupt('"seq" must be a non-negative integer')
      if (!Array.isArray(m.items) || m.items.length === 0) throw corrupt('"items" must be a non-empty array')
      for (const x of m.items) if (x === null || x === undefined) throw corrupt('"items" must not hold null or undefined (Reactive Streams §2.13)')
      return m as RefMessage
    case 'complete':
      if (!isCount(m.count)) throw corrupt('"count" must be a non-negative integer')
      return m as RefMessage
    case 'fail':
      if (!isCount(m.count) || typeof m.name !== 'string' || typeof m.message !== 'string')
        throw corrupt('"fail" needs a count, a name and a message')
      return m as RefMessage
    case 'cancel':
      if (typeof m.reason !== 'string') throw corrupt('"cancel" needs a reason')
      return m as RefMessage
    default:
      throw corrupt('unknown message type')
  }
}

/** The name and message of an error, for a `fail` message. @internal */
export function describeFailure(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}
