import { StreamRefError } from './StreamRefError.js'

/**
 * The stream on the other side of the ref failed. Errors do not cross a thread or a network as
 * objects, so the remote error's `name` and `message` are carried across as `remoteName` and
 * `remoteMessage`.
 *
 * @example
 * ```ts
 * const ref = Source.failed<number>(new TypeError('bad input')).runWith(StreamRefs.sourceRef<number>())
 * const err = await StreamRefs.source(ref).runCollect().catch((e) => e)
 * err instanceof StreamRefRemoteError // true
 * [err.remoteName, err.remoteMessage] // ['TypeError', 'bad input']
 * ```
 * @see {@link StreamRefError}
 * @category channels
 * @since 0.1.0
 */
export class StreamRefRemoteError extends StreamRefError {
  override readonly name = 'StreamRefRemoteError'
  constructor(
    ref: string,
    kind: 'sourceRef' | 'sinkRef',
    readonly remoteName: string,
    readonly remoteMessage: string,
  ) {
    super(ref, kind, `the remote stream failed: ${remoteName}: ${remoteMessage}`)
  }
}
