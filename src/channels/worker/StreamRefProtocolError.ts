import { StreamRefError } from './StreamRefError.js'

/**
 * The peer sent something the stream-ref protocol does not allow: a corrupt message (not an
 * object, an unknown type, a field of the wrong type), a message addressed to another ref, more
 * elements than were demanded, or a signal after the stream had ended. `reason` says which.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel() // port1 plays a broken peer
 * const done = StreamRefs.source<number>({ kind: 'sourceRef', id: 'r1', port: port2, idleTimeoutMs: 0 }).runCollect()
 * port1.postMessage('garbage')
 * const err = await done.catch((e) => e)
 * err instanceof StreamRefProtocolError // true
 * err.reason // 'corrupt'
 * port1.close()
 * ```
 * @see {@link StreamRefError}
 * @category channels
 * @since 0.1.0
 */
export class StreamRefProtocolError extends StreamRefError {
  override readonly name = 'StreamRefProtocolError'
  constructor(
    ref: string,
    kind: 'sourceRef' | 'sinkRef',
    /** What was wrong: `corrupt`, `unknown-ref`, `over-demand` or `after-end`. */
    readonly reason: 'corrupt' | 'unknown-ref' | 'over-demand' | 'after-end',
    detail: string,
  ) {
    super(ref, kind, detail)
  }
}
