/**
 * The messages between a {@link WorkerPool} stage and the {@link serveTasks} loop in a worker.
 *
 * ```
 * pool ── { t: 'task', id, input } ───────────────────► worker
 * pool ◄── { t: 'result', id, output } ────────────────  (or { t: 'error', id, name, message })
 * ```
 *
 * @module
 * @internal
 */

/** @internal */
export type TaskRequest = { readonly t: 'task'; readonly id: number; readonly input: unknown }

/** @internal */
export type TaskReply =
  | { readonly t: 'result'; readonly id: number; readonly output: unknown }
  | { readonly t: 'error'; readonly id: number; readonly name: string; readonly message: string }

/** The reply in `data`, or a sentence saying what is wrong with it. @internal */
export function decodeTaskReply(data: unknown): TaskReply | string {
  if (typeof data !== 'object' || data === null) return `a corrupt reply (expected an object, got ${data === null ? 'null' : typeof data})`
  const m = data as Record<string, unknown>
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return 'a corrupt reply (no task id)'
  if (m.t === 'result') return m as TaskReply
  if (m.t === 'error' && typeof m.name === 'string' && typeof m.message === 'string') return m as TaskReply
  return `a corrupt reply (type ${JSON.stringify(String(m.t)).slice(0, 40)})`
}

/** The request in `data`, or undefined when it is none. @internal */
export function decodeTaskRequest(data: unknown): TaskRequest | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const m = data as Record<string, unknown>
  return m.t === 'task' && typeof m.id === 'number' ? (m as TaskRequest) : undefined
}
