/**
 * The server refused the connection's `SETUP`: a missing or wrong token (`REJECTED_SETUP`), or a
 * setup it does not support (leases, resumption, another major version). Every request on the
 * connection fails with it, naming its route.
 *
 * @example
 * ```ts
 * const server = await RSocketServer.listen({ tcp: { host: '127.0.0.1', port: 0 }, token: 'secret', routes: { ping: RSocketRoute.response(() => 'pong') } })
 * const client = await RSocketClient.connect({ tcp: server.address, token: 'wrong' })
 * const e = await client.requestResponse('ping').catch((x) => x)
 * e instanceof RSocketSetupError // true
 * e.message // 'rsocket route "ping": REJECTED_SETUP: wrong token'
 * await server.close()
 * ```
 * @see {@link RSocketServerOptions.token}
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketSetupError extends Error {
  override readonly name = 'RSocketSetupError'
  constructor(
    /** `'REJECTED_SETUP'`, `'INVALID_SETUP'` or `'UNSUPPORTED_SETUP'`. */
    readonly codeName: string,
    readonly reason: string,
    readonly route?: string,
    options?: { cause?: unknown },
  ) {
    super(`${route === undefined ? 'rsocket setup' : `rsocket route ${JSON.stringify(route)}`}: ${codeName}: ${reason}`, options)
  }
}
