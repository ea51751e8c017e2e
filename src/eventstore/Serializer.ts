/**
 * How payloads and snapshots become stored text, and back.
 *
 * @module
 */

/**
 * Turns a payload (or a snapshot state) into the text the store keeps, and back. `type` is the
 * event's type name (`'snapshot'` for snapshots), so a serializer can pick a schema per type. A
 * serializer reports data it cannot encode by throwing; the store wraps that in a
 * `SerializationError` and writes nothing.
 *
 * @example
 * ```ts
 * const upperCase: Serializer = {
 *   serialize: (payload) => JSON.stringify(payload).toUpperCase(),
 *   deserialize: (data) => JSON.parse(data.toLowerCase()),
 * }
 * const store = new InMemoryEventStore({ serializer: upperCase })
 * ```
 * @see {@link jsonSerializer}
 * @category eventstore
 * @since 0.1.0
 */
export interface Serializer {
  serialize(payload: unknown, type: string): string
  deserialize(data: string, type: string): unknown
}

/** Fails on values that JSON would silently drop or change (it already fails on BigInt and cycles). */
function strict(this: unknown, key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${describeKey(key)} is ${String(value)}, which JSON cannot represent`)
      return value
    case 'function':
    case 'symbol':
      throw new TypeError(`${describeKey(key)} is a ${typeof value}, which JSON cannot represent`)
    case 'undefined':
      // Dropped from objects (absent and undefined read the same), but an `undefined` payload or
      // array element would come back as something else.
      if (key === '' || Array.isArray(this)) throw new TypeError(`${describeKey(key)} is undefined, which JSON cannot represent`)
      return value
    default:
      return value
  }
}

function describeKey(key: string): string {
  return key === '' ? 'the value' : `property ${JSON.stringify(key)}`
}

/**
 * The default serializer: JSON, strict about what JSON would lose. `NaN`, `Infinity`, functions,
 * symbols, BigInts, cycles and `undefined` (as the payload or in an array) are refused instead of
 * being dropped or turned into `null`. Dates become ISO strings (and come back as strings).
 *
 * @example
 * ```ts
 * jsonSerializer.serialize({ content: 'hi' }, 'MessagePosted') // '{"content":"hi"}'
 * jsonSerializer.serialize({ n: 1n }, 'Counted')               // throws TypeError
 * ```
 * @category eventstore
 * @since 0.1.0
 */
export const jsonSerializer: Serializer = {
  serialize(payload: unknown): string {
    return JSON.stringify(payload, strict)
  },
  deserialize(data: string): unknown {
    return JSON.parse(data)
  },
}
