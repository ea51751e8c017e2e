/**
 * A frame that cannot be decoded: corrupt, truncated, larger than the agreed maximum, or breaking
 * a rule of the RSocket protocol (a request with stream id 0, a `REQUEST_N` of 0, ...). The
 * connection that received it is closed; every stream on it fails with this error.
 *
 * @example
 * ```ts
 * const errors: Error[] = []
 * const server = await RSocketServer.listen({
 *   tcp: { host: '127.0.0.1', port: 0 },
 *   maxFrameSize: 1024,
 *   routes: { echo: RSocketRoute.response((s) => s) },
 *   onError: (e) => errors.push(e),
 * })
 * const client = await RSocketClient.connect({ tcp: server.address }) // fragments only above 64 KiB
 * await client.requestResponse('echo', 'x'.repeat(5000)).catch((e) => e.name) // 'RSocketConnectionError'
 * errors[0]?.name // 'RSocketFrameError'
 * await server.close()
 * ```
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketFrameError extends Error {
  override readonly name = 'RSocketFrameError'
  constructor(
    /** What was wrong with the frame. */
    readonly reason: string,
    /** The route of a stream that failed because of the frame, when the error is about one stream. */
    readonly route?: string,
    options?: { cause?: unknown },
  ) {
    super(route === undefined ? `rsocket frame: ${reason}` : `rsocket route ${JSON.stringify(route)}: bad frame: ${reason}`, options)
  }
}
