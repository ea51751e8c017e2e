import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { demandInvariant, elements, equivalentTo } from '../../../src/testkit/index.js'
import { WorkerPool, type NodeWorkerLike } from '../../../src/channels/worker/index.js'

// The pool's demand contract, checked with in-thread stand-ins for workers (the pool accepts any
// Node-shaped worker), so that fast-check can run it hundreds of times under random demand. Each
// stand-in answers after a number of microtask turns that depends on the element, so results come
// back out of order. Real workers are in WorkerPool.test.ts.

class FakeWorker implements NodeWorkerLike {
  terminated = false
  private readonly listeners: ((data: unknown) => void)[] = []
  constructor(private readonly f: (x: number) => number) {}
  on(event: 'message' | 'error' | 'exit', listener: (value: never) => void): this {
    if (event === 'message') this.listeners.push(listener as (data: unknown) => void)
    return this
  }
  postMessage(message: unknown): void {
    const { id, input } = message as { id: number; input: number }
    let p = Promise.resolve()
    for (let i = 0; i < Math.abs(input) % 4; i++) p = p.then()
    void p.then(() => {
      if (!this.terminated) for (const l of this.listeners) l({ t: 'result', id, output: this.f(input) })
    })
  }
  terminate(): void {
    this.terminated = true
  }
}

const f = (x: number): number => x * 2 + 1
const created: FakeWorker[] = []
const create = (): FakeWorker => {
  const w = new FakeWorker(f)
  created.push(w)
  return w
}

describe('WorkerPool demand laws (stand-in workers)', () => {
  it('mapAsync behaves like Array.map under random demand and never emits more than requested', async () => {
    created.length = 0
    await equivalentTo(() => WorkerPool.mapAsync<number, number>({ create, workers: 2, perWorker: 2 }), (xs) => xs.map(f), {
      input: elements(fc.integer({ min: -50, max: 50 })),
      numRuns: 150,
    })
    expect(created.length).toBeGreaterThan(0)
    expect(created.every((w) => w.terminated)).toBe(true) // every run terminated the workers it started
  })

  it('mapAsyncUnordered keeps the demand contract and emits each result once', async () => {
    created.length = 0
    await demandInvariant(() => WorkerPool.mapAsyncUnordered<number, number>({ create, workers: 3 }), {
      input: elements(fc.integer({ min: -50, max: 50 })),
      numRuns: 150,
    })
    await equivalentTo(
      () => WorkerPool.mapAsyncUnordered<number, number>({ create, workers: 3 }).grouped(1000).map((xs) => [...xs].sort((a, b) => a - b)),
      (xs) => (xs.length === 0 ? [] : [xs.map(f).sort((a, b) => a - b)]),
      { input: elements(fc.integer({ min: -50, max: 50 })), numRuns: 100 },
    )
    expect(created.every((w) => w.terminated)).toBe(true)
  })
})
