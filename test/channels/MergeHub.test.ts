import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, MergeHub, Sink, Source } from '../../src/index.js'
import { TestSink } from '../../src/testkit/index.js'
import { expectBuildError } from '../support/operators.js'
import { input, nexts, RUNS, settle, sorted } from '../support/graphs.js'

describe('MergeHub', () => {
  // 2. model
  it('delivers every element of every producer exactly once, each producer in its own order', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 4 }), async (producers, per) => {
        const total = producers.reduce((n, p) => n + p.length, 0)
        const [toHub, out] = MergeHub.source<string>(per).take(total).toMat(Sink.collect(), Keep.both).run()
        const runs = producers.map((xs, k) => Source.from(xs.map((x) => `${k}:${x}`)).runWith(toHub))
        if (total === 0) return
        const got = await out
        expect(sorted(got)).toEqual(sorted(producers.flatMap((xs, k) => xs.map((x) => `${k}:${x}`))))
        producers.forEach((xs, k) => expect(got.filter((e) => e.startsWith(`${k}:`))).toEqual(xs.map((x) => `${k}:${x}`)))
        void runs
      }),
      { numRuns: RUNS },
    ))

  // 1. demand: memory bounded by producers x perProducerBufferSize while the consumer is slow
  it('holds at most perProducerBufferSize elements of each producer that the consumer has not taken', async () => {
    const [toHub, probe] = MergeHub.source<number>(4).toMat(TestSink.probe<number>(), Keep.both).run()
    const inputs = [input({ elements: Array.from({ length: 50 }, (_, i) => i), end: 'never' }), input({ elements: Array.from({ length: 50 }, (_, i) => 100 + i), end: 'never' })]
    for (const i of inputs) i.source.runWith(toHub)
    await settle()
    for (const i of inputs) expect(i.stats.pushes).toBeLessThanOrEqual(4)
    probe.request(6)
    await settle()
    expect(nexts(probe).length).toBe(6)
    const pushed = inputs.reduce((n, i) => n + i.stats.pushes, 0)
    expect(pushed - 6).toBeLessThanOrEqual(8)
    probe.cancel()
    await settle()
    for (const i of inputs) expect(i.stats.cancelled).toBe(true)
  })

  // 3. edges
  it('rejects a bad buffer size', () => {
    expectBuildError(() => MergeHub.source(0), RangeError, 'MergeHub.source(perProducerBufferSize): expected a positive integer, got 0')
  })

  it('keeps what a failing producer delivered, and goes on with the others', async () => {
    const boom = new Error('producer failed')
    const [toHub, out] = MergeHub.source<number>(8).take(4).toMat(Sink.collect(), Keep.both).run()
    input({ elements: [1, 2], end: 'fail', error: boom }).source.runWith(toHub)
    await settle()
    Source.from([3, 4]).runWith(toHub)
    expect(sorted(await out)).toEqual([1, 2, 3, 4])
  })

  it('cancels producers that attach after the consumer stopped', async () => {
    const [toHub, probe] = MergeHub.source<number>(2).toMat(TestSink.probe<number>(), Keep.both).run()
    probe.cancel()
    await settle()
    const late = input({ elements: [1], end: 'never' })
    late.source.runWith(toHub)
    await settle()
    expect(late.stats.cancelled).toBe(true)
    expect(late.stats.pushes).toBe(0)
  })

  // 4. cleanup
  it('stops every producer when the consumer completes', async () => {
    const [toHub, out] = MergeHub.source<number>(2).take(3).toMat(Sink.collect(), Keep.both).run()
    const a = input({ elements: [1, 2, 3, 4, 5], end: 'never' })
    const b = input({ elements: [6, 7, 8, 9], end: 'never' })
    a.source.runWith(toHub)
    b.source.runWith(toHub)
    expect((await out).length).toBe(3)
    await settle()
    expect(a.stats.stopped && b.stats.stopped).toBe(true)
  })

  describe('sourceWithDraining', () => {
    it('after drainAndComplete, completes once the attached producers have completed and their elements were emitted', async () => {
      const [[toHub, control], all] = MergeHub.sourceWithDraining<number>(4).toMat(Sink.collect(), Keep.both).run()
      Source.from([10, 11]).runWith(toHub)
      const open = Source.queue<number>(8).toMat(toHub, Keep.left).run()
      open.offer(20)
      await settle()
      control.drainAndComplete()
      // a producer attached after draining began is cancelled at once
      const refused = Source.from([99]).watchTermination(Keep.right).to(toHub).run()
      await refused
      open.offer(21)
      await settle()
      let completed = false
      void all.then(() => (completed = true))
      await settle()
      expect(completed).toBe(false) // the queue producer is still attached
      open.complete()
      const out = sorted(await all)
      expect(out).toEqual([10, 11, 20, 21])
    })

    it('completes at once when drained with no producers, and the plain source is unaffected', async () => {
      const [[, control], all] = MergeHub.sourceWithDraining<number>().toMat(Sink.collect(), Keep.both).run()
      control.drainAndComplete()
      expect(await all).toEqual([])
      expectBuildError(() => MergeHub.sourceWithDraining(0), RangeError, 'MergeHub.sourceWithDraining(perProducerBufferSize): expected a positive integer, got 0')
    })
  })
})
