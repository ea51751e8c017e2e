/**
 * The server refused the connection's `SETUP`: a missing or wrong token (`REJECTED_SETUP`), or a
 * setup it does not support (leases, resumption, another major version). Every request on the
 * connection fails with it, naming its route.
 *
 * @example
 * ```ts
 * const client = await RSocketClient.connect({ tcp: { host: '127.0.0.1', port }, token: 'wrong' })
 * await client.requestResponse('ping', null).catch((e) => e instanceof RSocketSetupError) // true
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
