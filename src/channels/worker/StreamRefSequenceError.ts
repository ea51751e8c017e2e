import { StreamRefError } from './StreamRefError.js'

/**
 * Elements arrived out of sequence: one was lost (a gap) or repeated. The stream fails instead of
 * silently skipping or duplicating data. `expected` is the sequence number that should have come
 * next, `actual` the one that did.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel() // port1 plays a peer that loses a message
 * const done = StreamRefs.source<number>({ kind: 'sourceRef', id: 'r1', port: port2, idleTimeoutMs: 0 }).runCollect()
 * port1.postMessage({ t: 'elems', ref: 'r1', seq: 0, items: [1, 2] })
 * port1.postMessage({ t: 'elems', ref: 'r1', seq: 5, items: [6] })
 * const err = await done.catch((e) => e)
 * err.message // 'sourceRef(r1): element #5 arrived where #2 was expected (a message was lost)'
 * port1.close()
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
