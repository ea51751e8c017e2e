import type { NodeWorkerLike, WebWorkerLike, WorkerLike } from '../WorkerLike.js'

/** What the pool hears from one worker. @internal */
export interface WorkerListener {
  message(data: unknown): void
  /** The worker crashed: an uncaught error (`error`) or it exited (`exitCode`). */
  crashed(error: unknown, exitCode: number | undefined): void
}

function isNodeWorker(w: WorkerLike): w is NodeWorkerLike {
  return typeof (w as Partial<NodeWorkerLike>).on === 'function'
}

/**
 * Listens to a Node or a browser worker the same way. Returns a function that stops listening;
 * events after it are ignored (so terminating our own worker is not a crash).
 *
 * @internal
 */
export function attachWorker(worker: WorkerLike, listener: WorkerListener): () => void {
  let attached = true
  if (isNodeWorker(worker)) {
    worker.on('message', (data) => {
      if (attached) listener.message(data)
    })
    worker.on('error', (error) => {
      if (attached) listener.crashed(error, undefined)
    })
    worker.on('exit', (code) => {
      if (attached) listener.crashed(undefined, code)
    })
  } else {
    const web = worker as WebWorkerLike
    web.addEventListener('message', (event) => {
      if (attached) listener.message(event.data)
    })
    web.addEventListener('error', (event) => {
      event.preventDefault?.()
      if (attached) listener.crashed(new Error(event.message ?? 'the worker reported an error'), undefined)
    })
  }
  return () => {
    attached = false
  }
}
