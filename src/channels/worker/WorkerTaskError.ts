/**
 * The function a worker runs (see {@link serveTasks}) threw or rejected for one element. Errors do
 * not cross threads as objects, so the remote error's `name` and `message` are carried across,
 * together with the element.
 *
 * @example
 * ```ts
 * const err = await Source.from([1, -1]).via(pool).runCollect().catch((e) => e)
 * if (err instanceof WorkerTaskError) console.log(err.element, err.remoteName, err.remoteMessage)
 * ```
 * @see {@link WorkerPool}, {@link WorkerCrashedError}
 * @category channels
 * @since 0.1.0
 */
export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError'
  constructor(
    readonly pool: string,
    readonly workerIndex: number,
    /** The element whose task failed. */
    readonly element: unknown,
    readonly remoteName: string,
    readonly remoteMessage: string,
  ) {
    super(`${pool}: the task failed in worker #${workerIndex}: ${remoteName}: ${remoteMessage}`)
  }
}
