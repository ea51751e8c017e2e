/**
 * Stream refs and the worker pool (issue 13):
 * - `refs.worker.1e6`: 1,000,000 numbers made in a worker and summed in the main thread, through
 *   a `SourceRef` (demand crossing the boundary) vs raw `postMessage` of arrays of 1024 numbers
 *   (no flow control at all: the ceiling).
 * - `refs.workerPool.cpu`: a CPU-bound function (fib(25)) on 240 elements in a `WorkerPool` vs the
 *   same function in one thread. Workers are started before each pass (untimed); the pool drives
 *   them.
 */
import { availableParallelism } from 'node:os'
import { MessageChannel, Worker } from 'node:worker_threads'
import type { BenchCase } from '../../harness/BenchCase.js'
import { Source } from '../../../src/index.js'
import { StreamRefs, WorkerPool, type SourceRef } from '../../../src/channels/worker/index.js'
import { fib } from './internal/fib.js'

const N = 1_000_000
const SUM = (N * (N - 1)) / 2
const BATCH = 1024
const TASKS = 240
const FIB_N = 25

/**
 * Starts `internal/<name>.worker`: compiled JavaScript when the driver runs this case (it
 * compiles the sources to a temporary folder, without boot.mjs), else the TypeScript file through
 * boot.mjs, which registers tsx in the worker (Node 20 does not pass `--import tsx` to workers).
 */
function start(name: string): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL(`./internal/${name}.js`, import.meta.url))
  return new Worker(new URL('./internal/boot.mjs', import.meta.url), {
    workerData: { entry: new URL(`./internal/${name}.ts`, import.meta.url).href },
  })
}

interface Producer {
  readonly worker: Worker
  nextId: number
}

function producerSetup(): Producer {
  return { worker: start('producer.worker'), nextId: 1 }
}

function askRef(p: Producer, n: number): Promise<SourceRef<number>> {
  const id = p.nextId++
  return new Promise((resolve) => {
    const on = (m: { id: number; ref: SourceRef<number> }): void => {
      if (m.id !== id) return
      p.worker.off('message', on)
      resolve(m.ref)
    }
    p.worker.on('message', on)
    p.worker.postMessage({ cmd: 'ref', n, id })
  })
}

const viaRef = (library: string, bufferCapacity: number): BenchCase<Producer> => ({
  scenario: 'refs.worker.1e6',
  title: '1,000,000 numbers from a worker thread, summed in the main thread',
  library,
  passes: 5,
  setup: producerSetup,
  async run(p) {
    const ref = await askRef(p, N)
    return StreamRefs.source(ref, { bufferCapacity }).runFold(0, (a, x) => a + x)
  },
  async teardown(p) {
    await p.worker.terminate()
  },
})

const rawBatches: BenchCase<Producer> = {
  scenario: 'refs.worker.1e6',
  title: '1,000,000 numbers from a worker thread, summed in the main thread',
  library: `raw postMessage (arrays of ${BATCH})`,
  baseline: true,
  passes: 5,
  setup: producerSetup,
  run(p) {
    const { port1, port2 } = new MessageChannel()
    return new Promise<number>((resolve) => {
      let sum = 0
      port1.on('message', (data: number[] | { done: true }) => {
        if (Array.isArray(data)) for (let i = 0; i < data.length; i++) sum += data[i]!
        else {
          port1.close()
          resolve(sum)
        }
      })
      p.worker.postMessage({ cmd: 'raw', n: N, batch: BATCH, port: port2 }, [port2])
    })
  },
  async teardown(p) {
    await p.worker.terminate()
  },
}

// ---- the pool on a CPU-bound function --------------------------------------------------------

const EXPECTED = TASKS * fib(FIB_N)

/** Starts `n` fib workers and waits until each has answered one task (so a pass times work, not start-up). */
async function warmWorkers(n: number): Promise<Worker[]> {
  const workers = Array.from({ length: n }, () => start('fib.worker'))
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const on = (): void => {
            w.off('message', on)
            resolve()
          }
          w.on('message', on)
          w.postMessage({ t: 'task', id: -1, input: 1 })
        }),
    ),
  )
  return workers
}

interface PoolCtx {
  ready: Worker[]
}

const viaPool = (workers: number): BenchCase<PoolCtx> => ({
  scenario: 'refs.workerPool.cpu',
  title: `fib(${FIB_N}) on ${TASKS} elements`,
  library: `sluice WorkerPool.mapAsync (${workers} workers; ${availableParallelism()} cores)`,
  passes: 5,
  setup: () => ({ ready: [] }),
  async beforePass(ctx) {
    ctx.ready = await warmWorkers(workers)
  },
  run(ctx) {
    const ready = ctx.ready
    const pool = WorkerPool.mapAsync<number, number>({ workers, perWorker: 2, create: (i) => ready[i]! })
    return Source.repeat(FIB_N).take(TASKS).via(pool).runFold(0, (a, x) => a + x)
  },
})

const oneThread: BenchCase = {
  scenario: 'refs.workerPool.cpu',
  title: `fib(${FIB_N}) on ${TASKS} elements`,
  library: 'one thread (plain loop)',
  baseline: true,
  passes: 5,
  run() {
    let sum = 0
    for (let i = 0; i < TASKS; i++) sum += fib(FIB_N)
    return sum
  },
}

export const cases: BenchCase<never>[] = [
  rawBatches,
  viaRef('sluice SourceRef (bufferCapacity 32, as Pekko)', 32),
  viaRef('sluice SourceRef (bufferCapacity 1024, the default)', 1024),
  viaRef('sluice SourceRef (bufferCapacity 4096)', 4096),
  oneThread,
  viaPool(2),
  viaPool(4),
] as BenchCase<never>[]

export { EXPECTED as poolChecksum, SUM as refsChecksum }
