import type { MessagePortLike } from './MessagePortLike.js'

/**
 * A handle to a stream that runs somewhere else, to be written to from here. It is plain data
 * plus a `MessagePort`, so it can be posted to a worker (list `ref.port` in the transfer list).
 * Create one with `StreamRefs.sinkRef<T>().to(sink).run()`, turn it into an ordinary `Sink` on the
 * other side with {@link StreamRefs.sink}; it can be materialized once.
 *
 * @example
 * ```ts
 * const [ref, all] = StreamRefs.sinkRef<number>().toMat(Sink.collect(), Keep.both).run()
 * // to write it from a worker: worker.postMessage({ ref }, [ref.port]), and there .runWith(StreamRefs.sink(data.ref))
 * await Source.range(1, 3).runWith(StreamRefs.sink(ref))
 * await all // [1, 2, 3]
 * ```
 * @see {@link SourceRef}, {@link StreamRefs}
 * @category channels
 * @since 0.1.0
 */
export interface SinkRef<T> {
  readonly kind: 'sinkRef'
  /** Names the ref in errors on both sides. */
  readonly id: string
  /** The sending end of the ref's channel; transfer it with the handle. */
  readonly port: MessagePortLike
  /** Both sides fail if the peer sends nothing for this long (0: never); set when the ref was created. */
  readonly idleTimeoutMs: number
  /** The element type, for the compiler only. @internal */
  readonly _elem?: (x: T) => T
}
