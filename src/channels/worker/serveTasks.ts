import { decodeTaskRequest, type TaskReply } from './internal/taskProtocol.js'

/**
 * Where {@link serveTasks} listens: Node's `parentPort` (from `node:worker_threads`) or a browser
 * worker's global scope (`self`).
 *
 * @category channels
 * @since 0.1.0
 */
export interface TaskEndpoint {
  postMessage(message: unknown): void
  on?(event: 'message', listener: (data: unknown) => void): unknown
  addEventListener?(type: 'message', listener: (event: Event) => void): void
}

/**
 * The worker half of a {@link WorkerPool}: answers each task the pool sends with `f(input)`
 * (awaited when it returns a Promise). A throw or rejection is sent back as the error's name and
 * message and fails the pool's stream with a {@link WorkerTaskError}. Several tasks may run at
 * once when the pool's `perWorker` is above 1 and `f` is asynchronous.
 *
 * @example
 * ```ts
 * // square.ts, run as a worker
 * import { parentPort } from 'node:worker_threads'
 * import { serveTasks } from 'sluice/worker'
 * serveTasks((x: number) => x * x, parentPort!)   // in a browser worker: serveTasks(f, self)
 * ```
 * @see {@link WorkerPool}
 * @category channels
 * @since 0.1.0
 */
export function serveTasks<In, Out>(f: (input: In) => Out | PromiseLike<Out>, endpoint: TaskEndpoint): void {
  if (typeof f !== 'function') throw new TypeError(`serveTasks(f): expected a function, got ${typeof f}`)
  if (typeof endpoint !== 'object' || endpoint === null || typeof endpoint.postMessage !== 'function')
    throw new TypeError('serveTasks(endpoint): expected parentPort (Node) or self (a browser worker)')
  const reply = (message: TaskReply): void => endpoint.postMessage(message)
  const fail = (id: number, e: unknown): void =>
    reply({ t: 'error', id, name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) })
  const handle = (data: unknown): void => {
    const task = decodeTaskRequest(data)
    if (task === undefined) return
    let out: Out | PromiseLike<Out>
    try {
      out = f(task.input as In)
    } catch (e) {
      return fail(task.id, e)
    }
    if (typeof (out as PromiseLike<Out> | null)?.then === 'function')
      (out as PromiseLike<Out>).then(
        (output) => reply({ t: 'result', id: task.id, output }),
        (e: unknown) => fail(task.id, e),
      )
    else reply({ t: 'result', id: task.id, output: out })
  }
  if (typeof endpoint.on === 'function') endpoint.on('message', handle)
  else if (typeof endpoint.addEventListener === 'function') endpoint.addEventListener('message', (event) => handle((event as MessageEvent).data))
  else throw new TypeError('serveTasks(endpoint): expected an endpoint with on() or addEventListener()')
}
