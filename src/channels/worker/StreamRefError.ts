/**
 * The failure of a stream reference: something went wrong on the wire between the two sides of a
 * {@link SourceRef} or {@link SinkRef}. Every subclass names the ref (`ref`), and its message
 * starts with `sourceRef(<id>)` or `sinkRef(<id>)`, so a log line says which stream broke.
 *
 * @example
 * ```ts
 * const ref = Source.failed<number>(new RangeError('no')).runWith(StreamRefs.sourceRef<number>())
 * const err = await StreamRefs.source(ref).runCollect().catch((e) => e)
 * err instanceof StreamRefError // true
 * err.ref === ref.id // true
 * ```
 * @see {@link StreamRefProtocolError}, {@link StreamRefSequenceError}, {@link StreamRefTimeoutError},
 *   {@link StreamRefRemoteError}, {@link StreamRefPeerLostError}
 * @category channels
 * @since 0.1.0
 */
export class StreamRefError extends Error {
  override readonly name: string = 'StreamRefError'
  constructor(
    /** The id of the ref, as in `SourceRef.id`. */
    readonly ref: string,
    /** `'sourceRef'` or `'sinkRef'`: which kind of handle the ref is. */
    readonly kind: 'sourceRef' | 'sinkRef',
    detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${kind}(${ref}): ${detail}`, options)
  }
}
