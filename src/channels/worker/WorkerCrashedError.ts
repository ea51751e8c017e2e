/**
 * A worker of a {@link WorkerPool} crashed (an uncaught error, or it exited) while the stream
 * needed it. The elements it was working on are in `inFlight`, so they are reported rather than
 * lost silently.
 *
 * @example
 * ```ts
 * const err = await Source.range(1, 10).via(pool).runCollect().catch((e) => e)
 * if (err instanceof WorkerCrashedError) console.log(`worker #${err.workerIndex} lost`, err.inFlight)
 * ```
 * @see {@link WorkerPool}, {@link WorkerTaskError}
 * @category channels
 * @since 0.1.0
 */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError'
  constructor(
    /** The pool's name (the `name` option). */
    readonly pool: string,
    /** Which worker (0-based, as passed to `create`). */
    readonly workerIndex: number,
    /** The elements that were sent to the worker and had no result yet. */
    readonly inFlight: readonly unknown[],
    /** The worker's exit code, when it exited. */
    readonly exitCode: number | undefined,
    options?: { readonly cause?: unknown },
  ) {
    const why = exitCode !== undefined ? `exited with code ${exitCode}` : `crashed: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`
    super(`${pool}: worker #${workerIndex} ${why} with ${inFlight.length} element(s) in flight${inFlight.length > 0 ? `: ${preview(inFlight)}` : ''}`, options)
  }
}

function preview(elements: readonly unknown[]): string {
  const shown = elements.slice(0, 5).map((x) => {
    try {
      return JSON.stringify(x) ?? String(x)
    } catch {
      return String(x)
    }
  })
  return `[${shown.join(', ')}${elements.length > 5 ? ', …' : ''}]`.slice(0, 300)
}
