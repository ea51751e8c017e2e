/**
 * The materialized Promise of {@link operators!sink.lazySink | lazySink}, {@link operators!sink.lazyFutureSink | lazyFutureSink} or {@link operators!sink.futureSink | futureSink}
 * rejects with this when the stream ended before the first element arrived, so the inner sink
 * was never created (Pekko's `NeverMaterializedException`).
 *
 * @example
 * ```ts
 * const mat = await Source.empty<number>().runWith(Sink.lazySink(() => Sink.collect<number>())).catch((e: unknown) => e)
 * (mat as Error).name // 'NeverMaterializedError'
 * ```
 * @category sink
 * @since 0.2.0
 */
export class NeverMaterializedError extends Error {
  override readonly name = 'NeverMaterializedError'
}
