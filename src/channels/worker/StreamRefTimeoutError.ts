import { StreamRefError } from './StreamRefError.js'

/**
 * A stream ref waited too long for its peer. `timeout` is `'subscription'` when the handle was
 * never materialized on the other side within `subscriptionTimeout` (the local side is released),
 * or `'idle'` when the peer sent nothing, not even a keep-alive, within `idleTimeout`.
 *
 * @example
 * ```ts
 * const done = Source.never<number>().watchTermination(Keep.right).to(StreamRefs.sourceRef({ subscriptionTimeout: '1s' })).run()
 * await done.catch((e) => e instanceof StreamRefTimeoutError && e.timeout === 'subscription') // true after 1 s
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
