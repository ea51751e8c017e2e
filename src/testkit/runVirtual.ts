/**
 * Running a graph to its result on a virtual clock.
 *
 * @module
 */
import type { ClosedGraph } from '../core/Graph.js'
import { VirtualScheduler } from '../core/Scheduler.js'
import { RunnableGraph } from '../dsl/RunnableGraph.js'
import { turn } from './internal/expect.js'

/**
 * Options of {@link runVirtual}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface RunVirtualOptions {
  /** The clock to run on (default: a fresh one). Read `scheduler.now()` afterwards to see how much virtual time passed. */
  readonly scheduler?: VirtualScheduler
  /** Give up when the clock would pass this many ms since the start (default 1 hour of virtual time). */
  readonly maxTime?: number
}

/**
 * Runs `graph` on a virtual clock and fires its timers, one due time after another, until its
 * materialized value settles (when it is a Promise) and resolves with that value. Time-based
 * operators run at once, however long their delays.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * const xs = await runVirtual(Source.from([1, 2]).toMat(Sink.collect(), Keep.right), { scheduler })
 * xs // [1, 2]
 * ```
 * @category testkit
 * @since 0.1.0
 */
export async function runVirtual<M>(graph: ClosedGraph<M>, options: RunVirtualOptions = {}): Promise<Awaited<M>> {
  const scheduler = options.scheduler ?? new VirtualScheduler()
  const limit = scheduler.now() + (options.maxTime ?? 3_600_000)
  const mat = RunnableGraph.fromGraph(graph).run({ scheduler })
  if (!isThenable(mat)) {
    await turn()
    return mat as Awaited<M>
  }
  let state: 'pending' | 'done' = 'pending'
  const settled = Promise.resolve(mat).finally(() => {
    state = 'done'
  })
  settled.catch(() => {})
  let idle = 0
  while (state === 'pending') {
    await turn()
    if (state !== 'pending') break
    const due = scheduler.nextDue()
    if (due !== undefined && due <= limit) {
      await scheduler.advanceTo(due)
      idle = 0
    } else if (++idle >= 10) {
      throw new Error(
        `runVirtual: the materialized value did not settle${due === undefined ? ' and no timer is scheduled' : ` within ${options.maxTime ?? 3_600_000} ms of virtual time`}`,
      )
    }
  }
  return (await settled) as Awaited<M>
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function'
}
