/**
 * A worker as {@link WorkerPool} drives it: a Node `worker_threads` `Worker` (an `EventEmitter`
 * with `message`, `error` and `exit` events) or a browser `Worker` (an `EventTarget` with
 * `message` and `error` events). The pool tells them apart by shape; it never creates one
 * itself, so this module needs no `node:*` import.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads'
 * const create = (): WorkerLike => new Worker(new URL('./square.mjs', import.meta.url))
 * ```
 * @see {@link WorkerPool}, {@link serveTasks}
 * @category channels
 * @since 0.1.0
 */
export type WorkerLike = NodeWorkerLike | WebWorkerLike

/** A Node `worker_threads` `Worker`, structurally. @category channels @since 0.1.0 */
export interface NodeWorkerLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'exit', listener: (exitCode: number) => void): unknown
  terminate(): unknown
}

/** A browser `Worker`, structurally. @category channels @since 0.1.0 */
export interface WebWorkerLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void
  addEventListener(type: 'error', listener: (event: { readonly message?: string; preventDefault?(): void }) => void): void
  terminate(): void
}
