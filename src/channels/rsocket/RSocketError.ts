/**
 * A stream ended with an RSocket `ERROR` frame: the peer's handler failed (`APPLICATION_ERROR`),
 * refused the request (`REJECTED`, `INVALID`, an unknown route), or cancelled it (`CANCELED`).
 * `code` is the protocol's error code, `codeName` its name, `route` the request's route.
 *
 * @example
 * ```ts
 * const server = await RSocketServer.listen({
 *   tcp: { host: '127.0.0.1', port: 0 },
 *   routes: { 'orders.get': RSocketRoute.response(() => Promise.reject(new Error('no such order'))) },
 * })
 * const client = await RSocketClient.connect({ tcp: server.address })
 * const e = await client.requestResponse('orders.get', { id: 'missing' }).catch((x) => x)
 * e.message // 'rsocket route "orders.get": APPLICATION_ERROR: no such order'
 * e.codeName // 'APPLICATION_ERROR'
 * await client.close()
 * await server.close()
 * ```
 * @see {@link RSocketConnectionError}, {@link RSocketSetupError}, {@link RSocketFrameError}
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketError extends Error {
  override readonly name: string = 'RSocketError'
  constructor(
    /** The protocol error code (`0x201` is `APPLICATION_ERROR`). */
    readonly code: number,
    /** What the peer said. */
    readonly remoteMessage: string,
    /** The route of the stream, when it had one. */
    readonly route?: string,
    options?: { cause?: unknown },
  ) {
    super(`${route === undefined ? 'rsocket' : `rsocket route ${JSON.stringify(route)}`}: ${codeName(code)}: ${remoteMessage}`, options)
  }

  /** The name of {@link RSocketError.code}, such as `'APPLICATION_ERROR'`. */
  get codeName(): string {
    return codeName(this.code)
  }
}

const CODE_NAMES: Record<number, string> = {
  0x001: 'INVALID_SETUP',
  0x002: 'UNSUPPORTED_SETUP',
  0x003: 'REJECTED_SETUP',
  0x004: 'REJECTED_RESUME',
  0x101: 'CONNECTION_ERROR',
  0x102: 'CONNECTION_CLOSE',
  0x201: 'APPLICATION_ERROR',
  0x202: 'REJECTED',
  0x203: 'CANCELED',
  0x204: 'INVALID',
}

function codeName(code: number): string {
  return CODE_NAMES[code] ?? (code >= 0x301 ? `APPLICATION_CODE_0x${code.toString(16)}` : `0x${code.toString(16)}`)
}
