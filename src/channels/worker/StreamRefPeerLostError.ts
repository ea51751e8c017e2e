import { StreamRefError } from './StreamRefError.js'

/**
 * The other side went away without completing, failing or cancelling: its port was closed, or
 * the worker it lived in exited or was terminated.
 *
 * @example
 * ```ts
 * worker.terminate()
 * const err = await StreamRefs.source<number>(ref).runCollect().catch((e) => e)
 * err instanceof StreamRefPeerLostError // true
 * ```
 * @see {@link StreamRefError}
 * @category channels
 * @since 0.1.0
 */
export class StreamRefPeerLostError extends StreamRefError {
  override readonly name = 'StreamRefPeerLostError'
  constructor(ref: string, kind: 'sourceRef' | 'sinkRef') {
    super(ref, kind, 'the peer closed the connection before the stream ended')
  }
}
