import { StreamRefError } from './StreamRefError.js'

/**
 * A stream ref waited too long for its peer. `timeout` is `'subscription'` when the handle was
 * never materialized on the other side within `subscriptionTimeout` (the local side is released),
 * or `'idle'` when the peer sent nothing, not even a keep-alive, within `idleTimeout`.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * const [done, ref] = Source.never<number>()
 *   .watchTermination(Keep.right)
 *   .toMat(StreamRefs.sourceRef<number>({ subscriptionTimeout: '1s' }), Keep.both)
 *   .run({ scheduler })
 * const timeout = done.catch((e) => e instanceof StreamRefTimeoutError && e.timeout)
 * await scheduler.advance(1000) // nobody materialized the ref within 1 s
 * await timeout // 'subscription'
 * ref.port.close()
 * ```
 * @see {@link StreamRefError}
 * @category channels
 * @since 0.1.0
 */
export class StreamRefTimeoutError extends StreamRefError {
  override readonly name = 'StreamRefTimeoutError'
  constructor(
    ref: string,
    kind: 'sourceRef' | 'sinkRef',
    readonly timeout: 'subscription' | 'idle',
    readonly durationMs: number,
  ) {
    super(
      ref,
      kind,
      timeout === 'subscription'
        ? `not materialized by the other side within ${durationMs} ms (subscription timeout)`
        : `the peer sent nothing within ${durationMs} ms (idle timeout)`,
    )
  }
}
