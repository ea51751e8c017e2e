import type { RSocketSerializer } from './RSocketSerializer.js'

/**
 * The options the client and the server share: how elements are encoded, and the bounds on
 * frames and payloads.
 *
 * @example
 * ```ts
 * const limits: RSocketCommonOptions = { maxFrameSize: 64 * 1024, fragmentSize: 16 * 1024, maxPayloadSize: 1024 * 1024 }
 * const server = await RSocketServer.listen({ tcp: { host: '127.0.0.1', port: 0 }, routes: {}, ...limits })
 * server.connections // 0
 * await server.close()
 * ```
 * @category rsocket
 * @since 0.1.0
 */
export interface RSocketCommonOptions {
  /** How elements become payload data, and back (default {@link RSocketSerializer.json}). Both ends must agree. */
  readonly serializer?: RSocketSerializer
  /** The largest frame accepted, in bytes (default and maximum 16 MiB - 1, the TCP length prefix's limit; at least 64). Longer frames close the connection with `RSocketFrameError`, refused from their length alone. */
  readonly maxFrameSize?: number
  /** Frames sent larger than this are split into FOLLOWS fragments (default 64 KiB, at most `maxFrameSize`). */
  readonly fragmentSize?: number
  /** The largest payload reassembled from fragments, in bytes (default 16 MiB). */
  readonly maxPayloadSize?: number
  /** Elements requested at a time from a local Source whose elements are sent (default 64): what can be in memory when the peer stops reading. */
  readonly sendBatch?: number
}
