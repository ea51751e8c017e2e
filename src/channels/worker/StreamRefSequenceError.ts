import { StreamRefError } from './StreamRefError.js'

/**
 * Elements arrived out of sequence: one was lost (a gap) or repeated. The stream fails instead of
 * silently skipping or duplicating data. `expected` is the sequence number that should have come
 * next, `actual` the one that did.
 *
 * @example
 * ```ts
 * const err = await StreamRefs.source<number>(ref).runCollect().catch((e) => e)
 * if (err instanceof StreamRefSequenceError) console.log(`lost ${err.actual - err.expected} element(s)`)
 * ```
 * @see {@link StreamRefError}
 * @category channels
 * @since 0.1.0
 */
export class StreamRefSequenceError extends StreamRefError {
  override readonly name = 'StreamRefSequenceError'
  constructor(
    ref: string,
    kind: 'sourceRef' | 'sinkRef',
    readonly expected: number,
    readonly actual: number,
    detail?: string,
  ) {
    super(
      ref,
      kind,
      detail ?? `element #${actual} arrived where #${expected} was expected (${actual > expected ? 'a message was lost' : 'a message was repeated'})`,
    )
  }
}
