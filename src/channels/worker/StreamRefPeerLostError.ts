import { StreamRefError } from './StreamRefError.js'

/**
 * The other side went away without completing, failing or cancelling: its port was closed, or
 * the worker it lived in exited or was terminated.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel()
 * const done = StreamRefs.source<number>({ kind: 'sourceRef', id: 'r1', port: port2, idleTimeoutMs: 0 }).runCollect()
 * port1.close() // the other side goes away, as when its worker exits or is terminated
 * (await done.catch((e) => e)) instanceof StreamRefPeerLostError // true
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
