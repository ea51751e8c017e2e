/**
 * How elements become the data of RSocket payloads, and back. `decode` may throw on bytes it
 * cannot read; the stream then fails with that error, naming the route.
 *
 * @example
 * ```ts
 * const utf8: RSocketSerializer = {
 *   mimeType: 'text/plain',
 *   encode: (value) => new TextEncoder().encode(String(value)),
 *   decode: (bytes) => new TextDecoder().decode(bytes),
 * }
 * const server = await RSocketServer.listen({ tcp: { host: '127.0.0.1', port: 0 }, serializer: utf8, routes: { upper: RSocketRoute.response((s: string) => s.toUpperCase()) } })
 * const client = await RSocketClient.connect({ tcp: server.address, serializer: utf8 })
 * await client.requestResponse('upper', 'plain text') // 'PLAIN TEXT'
 * await client.close()
 * await server.close()
 * ```
 * @see {@link RSocketSerializer.json}
 * @category rsocket
 * @since 0.1.0
 */
export interface RSocketSerializer {
  /** The data mime type announced in `SETUP` (e.g. `'application/json'`). */
  readonly mimeType: string
  encode(value: unknown): Uint8Array
  decode(bytes: Uint8Array): unknown
  /**
   * For text formats: the element as a string, which the TCP transport writes as UTF-8 straight
   * into the frame (one allocation and one copy fewer per element). Must agree with `encode`.
   */
  readonly encodeText?: (value: unknown) => string
}

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder()
// Node's Buffer converts short strings faster than TextEncoder/TextDecoder; elsewhere, the latter.
const NodeBuffer = (globalThis as { Buffer?: { from(s: string, enc: 'utf8'): Uint8Array; isBuffer(x: unknown): boolean } }).Buffer
const toUtf8 = NodeBuffer !== undefined ? (s: string): Uint8Array => NodeBuffer.from(s, 'utf8') : (s: string): Uint8Array => utf8.encode(s)
const fromUtf8 =
  NodeBuffer !== undefined
    ? (b: Uint8Array): string => (NodeBuffer.isBuffer(b) ? (b as unknown as { toString(enc: 'utf8'): string }).toString('utf8') : utf8Decoder.decode(b))
    : (b: Uint8Array): string => utf8Decoder.decode(b)

/**
 * The serializers that come with sluice.
 *
 * @example
 * ```ts
 * RSocketSerializer.json.decode(RSocketSerializer.json.encode({ a: 1 })) // { a: 1 }
 * ```
 * @category rsocket
 * @since 0.1.0
 */
export const RSocketSerializer = {
  /** JSON in UTF-8 (`application/json`), the default. An empty payload reads as `null`. */
  json: {
    mimeType: 'application/json',
    encode: (value: unknown): Uint8Array => toUtf8(JSON.stringify(value) ?? 'null'),
    encodeText: (value: unknown): string => JSON.stringify(value) ?? 'null',
    decode: (bytes: Uint8Array): unknown => (bytes.length === 0 ? null : JSON.parse(fromUtf8(bytes))),
  } satisfies RSocketSerializer as RSocketSerializer,
}
