import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { WorkerCrashedError, WorkerPool, WorkerTaskError } from '../../../src/channels/worker/index.js'
import { compileFixture, sleep } from './support.js'

// The pool fixture compiled to plain JavaScript once: each run starts fresh workers, and loading
// tsx in every one of them would cost more than the tests.
const fixture = compileFixture('pool.worker.ts')
afterAll(() => fixture.dispose())

/** A factory of pool fixture workers that remembers what it started, to check they all end. */
function tracked(data: Record<string, unknown> = {}) {
  const started: Worker[] = []
  const exits: Promise<number>[] = []
  return {
    create: (): Worker => {
      const w = new Worker(fixture.url, { workerData: data })
      started.push(w)
      exits.push(new Promise((resolve) => w.once('exit', resolve)))
      return w
    },
    started,
    /** Resolves when every worker started has exited; rejects after 5 s. */
    async allExited(): Promise<number> {
      const timeout = sleep(5000).then(() => Promise.reject(new Error(`${started.length} worker(s) started, not all exited`)))
      await Promise.race([Promise.all(exits), timeout])
      return started.length
    },
  }
}

describe('WorkerPool', () => {
  it('mapAsync: runs the function in the workers and keeps the order of the elements', async () => {
    const pool = tracked({ delayMs: 1 })
    const out = await Source.range(1, 40).via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 2, perWorker: 3 })).runCollect()
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) ** 2))
    expect(await pool.allExited()).toBe(2) // the run's end terminated the workers it started
  })

  it('mapAsyncUnordered: emits every result once, as they come', async () => {
    const pool = tracked()
    const out = await Source.range(1, 40).via(WorkerPool.mapAsyncUnordered<number, number>({ create: pool.create, workers: 2, perWorker: 2 })).runCollect()
    expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) ** 2))
    await pool.allExited()
  })

  it('backpressure: a slow pool slows the source; it never holds more than workers x perWorker elements', async () => {
    const pool = tracked({ delayMs: 15 })
    let pulled = 0
    let emitted = 0
    let worst = 0
    const started = Date.now()
    await Source.range(1, 24)
      .map((x) => {
        pulled++
        worst = Math.max(worst, pulled - emitted)
        return x
      })
      .via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 2, perWorker: 2 }))
      .map((x) => (emitted++, x))
      .runCollect()
    expect(worst).toBeLessThanOrEqual(4)
    expect(Date.now() - started).toBeGreaterThanOrEqual(60) // 6 rounds of 15 ms (timers may fire a little early)
    await pool.allExited()
  })

  it('fails with WorkerTaskError carrying the element when the function throws in a worker', async () => {
    const pool = tracked()
    const err = (await Source.from([2, -1, 3])
      .via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 2, name: 'squares' }))
      .runCollect()
      .catch((e: unknown) => e)) as WorkerTaskError
    expect(err).toBeInstanceOf(WorkerTaskError)
    expect(err.element).toBe(-1)
    expect([err.remoteName, err.remoteMessage]).toEqual(['TypeError', 'negative input'])
    expect(err.message).toMatch(/^squares: the task failed in worker #\d: TypeError: negative input$/)
    await pool.allExited()
  })

  it('fails with WorkerCrashedError reporting the elements in flight when a worker exits', async () => {
    const pool = tracked()
    const err = (await Source.from([-2])
      .via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 1 }))
      .runCollect()
      .catch((e: unknown) => e)) as WorkerCrashedError
    expect(err).toBeInstanceOf(WorkerCrashedError)
    expect(err).toMatchObject({ workerIndex: 0, exitCode: 7, inFlight: [-2] })
    expect(err.message).toBe('WorkerPool: worker #0 exited with code 7 with 1 element(s) in flight: [-2]')
    await pool.allExited()
  })

  it('fails with WorkerCrashedError when a worker throws outside a task', async () => {
    const pool = tracked()
    const err = (await Source.from([-3])
      .via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 1 }))
      .runCollect()
      .catch((e: unknown) => e)) as WorkerCrashedError
    expect(err).toBeInstanceOf(WorkerCrashedError)
    expect(err.inFlight).toEqual([-3])
    expect((err.cause as Error).message).toBe('crash outside the task')
    await pool.allExited()
  })

  it('treats a corrupt reply as a crash of that worker', async () => {
    const pool = tracked()
    const err = (await Source.from([-4])
      .via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 1 }))
      .runCollect()
      .catch((e: unknown) => e)) as WorkerCrashedError
    expect(err).toBeInstanceOf(WorkerCrashedError)
    expect((err.cause as Error).message).toBe('WorkerPool: worker #0 sent a corrupt reply (no task id)')
    await pool.allExited()
  })

  it('restart: replaces a crashed worker, reports its lost elements, and fails past maxRestarts', async () => {
    const pool = tracked()
    const crashes: WorkerCrashedError[] = []
    const restart = { maxRestarts: 1, onCrash: (e: WorkerCrashedError) => crashes.push(e) }
    const out = await Source.from([1, -2, 3, 4])
      .via(WorkerPool.mapAsync<number, number>({ create: pool.create, workers: 1, restart }))
      .runCollect()
    expect(out).toEqual([1, 9, 16])
    expect(crashes.map((c) => c.inFlight)).toEqual([[-2]])
    expect(pool.started).toHaveLength(2)
    await pool.allExited()

    const again = tracked()
    const err = await Source.from([-2, -2])
      .via(WorkerPool.mapAsync<number, number>({ create: again.create, workers: 1, restart }))
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkerCrashedError)
    await again.allExited()
  })

  it('terminates its workers when downstream cancels an endless stream', async () => {
    const pool = tracked()
    const out = await Source.repeat(3)
      .via(WorkerPool.mapAsyncUnordered<number, number>({ create: pool.create, workers: 2 }))
      .take(5)
      .runCollect()
    expect(out).toEqual([9, 9, 9, 9, 9])
    expect(await pool.allExited()).toBe(2)
  })

  it('checks its options at build time', () => {
    const create = (): never => {
      throw new Error('not called')
    }
    expect(() => WorkerPool.mapAsync({ create, workers: 0 })).toThrow(new RangeError('WorkerPool.mapAsync(workers): expected a positive integer, got 0'))
    expect(() => WorkerPool.mapAsyncUnordered({ create, workers: 1, perWorker: 1.5 })).toThrow(
      new RangeError('WorkerPool.mapAsyncUnordered(perWorker): expected a positive integer, got 1.5'),
    )
    expect(() => WorkerPool.mapAsync({ create: 'x' as never, workers: 1 })).toThrow(new TypeError('WorkerPool.mapAsync(create): expected a function, got "x"'))
  })
})
