import type { MessagePortLike } from './MessagePortLike.js'

/**
 * A handle to a stream that runs somewhere else, to be read here. It is plain data plus a
 * `MessagePort`, so it can be posted to a worker (list `ref.port` in the transfer list) or kept
 * in the same thread. Create one with `source.runWith(StreamRefs.sourceRef())`, turn it into an
 * ordinary `Source` on the other side with {@link StreamRefs.source}; it can be materialized
 * once.
 *
 * @example
 * ```ts
 * const ref = Source.range(1, 3).runWith(StreamRefs.sourceRef<number>())
 * // to read it in a worker: worker.postMessage({ ref }, [ref.port]), and there StreamRefs.source(data.ref)
 * await StreamRefs.source(ref).runCollect() // [1, 2, 3]
 * ```
 * @see {@link SinkRef}, {@link StreamRefs}
 * @category channels
 * @since 0.1.0
 */
export interface SourceRef<T> {
  readonly kind: 'sourceRef'
  /** Names the ref in errors on both sides. */
  readonly id: string
  /** The receiving end of the ref's channel; transfer it with the handle. */
  readonly port: MessagePortLike
  /** Both sides fail if the peer sends nothing for this long (0: never); set when the ref was created. */
  readonly idleTimeoutMs: number
  /** The element type, for the compiler only. @internal */
  readonly _elem?: (x: T) => T
}
