/**
 * The connection under a stream failed or closed before the stream ended: the peer disconnected
 * mid-stream, sent a connection-level `ERROR`, stopped answering keepalives, or the connection was
 * closed locally. Every stream on the connection fails with its own instance naming its route;
 * `cause` is what happened to the connection.
 *
 * @example
 * ```ts
 * const server = await RSocketServer.listen({ tcp: { host: '127.0.0.1', port: 0 }, routes: { ticks: RSocketRoute.stream(() => Source.repeat('tick')) } })
 * const client = await RSocketClient.connect({ tcp: server.address })
 * const done = client.requestStream('ticks').runWith(Sink.ignore())
 * await new Promise((resolve) => setTimeout(resolve, 20))
 * await server.close() // the server goes away mid-stream
 * const e = await done.catch((x) => x)
 * e instanceof RSocketConnectionError // true
 * e.message // 'rsocket route "ticks": the peer disconnected'
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
