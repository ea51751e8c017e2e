import { requireFunction, requireNonNegativeInt, requirePositiveInt } from '../../core/args.js'
import { flowOf, type NotUsed } from '../../core/Graph.js'
import { Flow } from '../../dsl/Flow.js'
import { PoolStage } from './internal/PoolStage.js'
import type { WorkerCrashedError } from './WorkerCrashedError.js'
import type { WorkerLike } from './WorkerLike.js'

/**
 * How a {@link WorkerPool} flow starts and keeps its workers.
 *
 * @category channels
 * @since 0.1.0
 */
export interface WorkerPoolOptions {
  /** Starts worker number `index` (0-based); the worker's script calls {@link serveTasks}. Called again to replace a crashed worker. */
  readonly create: (index: number) => WorkerLike
  /** How many workers each run starts. */
  readonly workers: number
  /** Elements sent to one worker at a time (default 1); parallelism is `workers × perWorker`. */
  readonly perWorker?: number
  /**
   * Replace a crashed worker instead of failing the stream, at most `maxRestarts` times per run.
   * The crashed worker's elements in flight are dropped and reported to `onCrash` (never lost
   * silently); a crash past the limit fails the stream with a {@link WorkerCrashedError}.
   */
  readonly restart?: { readonly maxRestarts: number; readonly onCrash: (error: WorkerCrashedError) => void }
  /** Names the pool in errors (default `'WorkerPool'`). */
  readonly name?: string
}

function flow<In, Out>(call: string, options: WorkerPoolOptions, ordered: boolean): Flow<In, Out, NotUsed> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${call}(options): expected an object`)
  requireFunction(call, 'create', options.create)
  const workers = requirePositiveInt(call, 'workers', options.workers)
  const perWorker = requirePositiveInt(call, 'perWorker', options.perWorker ?? 1)
  const maxRestarts = options.restart === undefined ? 0 : requireNonNegativeInt(call, 'restart.maxRestarts', options.restart.maxRestarts)
  const onCrash = options.restart === undefined ? undefined : requireFunction(call, 'restart.onCrash', options.restart.onCrash)
  const name = options.name ?? 'WorkerPool'
  return new Flow(
    flowOf<In, Out>(call, () => new PoolStage<In, Out>({ name, create: options.create, workers, perWorker, ordered, maxRestarts, onCrash })).module,
  )
}

/**
 * Runs a function on each element in a pool of workers (Web Workers or Node `worker_threads`), as
 * a `Flow`: `mapAsync` where the function runs on other cores. Each run of the flow starts
 * `workers` workers with `create` and terminates them when it ends, however it ends.
 *
 * ```
 * in:  -a-b-c-d------|
 * out: -----A-B-C-D--|   WorkerPool.mapAsync({ workers: 2 })   (mapAsyncUnordered: as they finish)
 * ```
 * - **Emits when** the result for the oldest element (`mapAsync`; any element for
 *   `mapAsyncUnordered`) has come back and downstream pulls; a `null` or `undefined` result is skipped
 * - **Backpressures when** `workers × perWorker` elements are running or waiting to be emitted
 * - **Completes when** upstream completes and every result has been emitted
 * - **Fails when** the function fails in a worker ({@link WorkerTaskError}, with the element), a
 *   worker crashes or exits ({@link WorkerCrashedError}, with the elements it had) and no restart
 *   is left, or upstream fails
 * - **Cancels when** downstream cancels; the workers are terminated
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads'
 * const squares = WorkerPool.mapAsync<number, number>({ workers: 4, create: () => new Worker(new URL('./square.mjs', import.meta.url)) })
 * await Source.range(1, 4).via(squares).runCollect() // [1, 4, 9, 16]
 * ```
 * @see {@link serveTasks}, {@link StreamRefs}
 * @category channels
 * @since 0.1.0
 */
export const WorkerPool = {
  /** Results in the order of the elements. */
  mapAsync<In, Out>(options: WorkerPoolOptions): Flow<In, Out, NotUsed> {
    return flow<In, Out>('WorkerPool.mapAsync', options, true)
  },
  /** Results in the order they come back. */
  mapAsyncUnordered<In, Out>(options: WorkerPoolOptions): Flow<In, Out, NotUsed> {
    return flow<In, Out>('WorkerPool.mapAsyncUnordered', options, false)
  },
}
