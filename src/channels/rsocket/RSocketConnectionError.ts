/**
 * The connection under a stream failed or closed before the stream ended: the peer disconnected
 * mid-stream, sent a connection-level `ERROR`, stopped answering keepalives, or the connection was
 * closed locally. Every stream on the connection fails with its own instance naming its route;
 * `cause` is what happened to the connection.
 *
 * @example
 * ```ts
 * const done = client.requestStream('ticks').runForEach(console.log)
 * await server.close() // the server goes away mid-stream
 * await done.catch((e) => e instanceof RSocketConnectionError) // true: names the route "ticks"
 * ```
 * @see {@link RSocketError}
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketConnectionError extends Error {
  override readonly name = 'RSocketConnectionError'
  constructor(
    readonly reason: string,
    /** The route of the stream that failed, when the error is about one stream. */
    readonly route?: string,
    options?: { cause?: unknown },
  ) {
    super(`${route === undefined ? 'rsocket connection' : `rsocket route ${JSON.stringify(route)}`}: ${reason}`, options)
  }
}
