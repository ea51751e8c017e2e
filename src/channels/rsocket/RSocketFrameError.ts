/**
 * A frame that cannot be decoded: corrupt, truncated, larger than the agreed maximum, or breaking
 * a rule of the RSocket protocol (a request with stream id 0, a `REQUEST_N` of 0, ...). The
 * connection that received it is closed; every stream on it fails with this error.
 *
 * @example
 * ```ts
 * try {
 *   decodeFrame(new Uint8Array([0, 0, 0, 1, 0x20]))
 * } catch (e) {
 *   e instanceof RSocketFrameError // true: "rsocket frame: truncated header (5 of 6 bytes)"
 * }
 * ```
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketFrameError extends Error {
  override readonly name = 'RSocketFrameError'
  constructor(
    message: string,
    /** The route of the stream that was open when the frame arrived, when there was one. */
    readonly route?: string,
  ) {
    super(route === undefined ? `rsocket frame: ${message}` : `rsocket route ${JSON.stringify(route)}: ${message}`)
  }
}
