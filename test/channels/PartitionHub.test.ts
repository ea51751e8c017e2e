import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PartitionHub, Source } from '../../src/index.js'
import { TestSink } from '../../src/testkit/index.js'
import { expectBuildError } from '../support/operators.js'
import { input, nexts, RUNS, settle, sorted } from '../support/graphs.js'

describe('PartitionHub', () => {
  // 2. model
  it('routes each element to exactly the consumer the partitioner picks', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 30 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 8 }), async (xs, n, size) => {
        const hub = Source.from(xs).runWith(PartitionHub.sink<number>((count, x) => x % count, { startAfterConsumers: n, bufferSize: size }))
        const outs = await Promise.all(Array.from({ length: n }, () => hub.runCollect()))
        outs.forEach((out, k) => expect(out).toEqual(xs.filter((x) => x % n === k)))
      }),
      { numRuns: RUNS },
    ))

  // 1. demand
  it('holds at most bufferSize elements and never emits beyond a consumer’s demand', async () => {
    const inp = input({ elements: Array.from({ length: 40 }, (_, i) => i), end: 'never' })
    const hub = inp.source.runWith(PartitionHub.sink<number>((n, x) => x % n, { startAfterConsumers: 2, bufferSize: 5 }))
    const [a, b] = [hub.runWith(TestSink.probe<number>()), hub.runWith(TestSink.probe<number>())]
    await settle()
    expect(inp.stats.pushes).toBeLessThanOrEqual(5)
    a.request(4)
    await settle()
    expect(nexts(a)).toEqual([0, 2, 4, 6])
    expect(inp.stats.pushes - 4).toBeLessThanOrEqual(5)
    expect(nexts(b)).toEqual([])
    a.cancel()
    b.cancel()
  })

  // 3. edges
  it('rejects bad arguments', () => {
    expectBuildError(() => PartitionHub.sink(1 as never), TypeError, 'PartitionHub.sink(partitioner): expected a function, got 1')
    expectBuildError(() => PartitionHub.sink(() => 0, { bufferSize: 0 }), RangeError, 'PartitionHub.sink(options.bufferSize): expected a positive integer, got 0')
  })

  it('hands the elements of a leaving consumer to the others: nothing lost, nothing twice', async () => {
    const xs = Array.from({ length: 12 }, (_, i) => i)
    const hub = Source.from(xs).runWith(PartitionHub.sink<number>((n, x) => x % n, { startAfterConsumers: 2, bufferSize: 16 }))
    const leaver = hub.runWith(TestSink.probe<number>())
    const stayer = hub.runWith(TestSink.probe<number>())
    leaver.request(2)
    await settle()
    const taken = nexts(leaver)
    leaver.cancel()
    await settle()
    stayer.request(100)
    await stayer.expectNextN(xs.length - taken.length)
    await stayer.expectComplete()
    expect(sorted([...taken, ...nexts(stayer)])).toEqual(xs)
  })

  it('waits for a consumer: elements accepted while none is attached are routed when one arrives', async () => {
    const hub = Source.from([1, 2, 3]).runWith(PartitionHub.sink<number>(() => 0, { bufferSize: 8 }))
    await settle()
    expect(await hub.runCollect()).toEqual([1, 2, 3])
  })

  it('fails the consumers when the partitioner returns an index out of range', async () => {
    const hub = Source.from([1, 2]).runWith(PartitionHub.sink<number>(() => 7))
    const err = await hub.runCollect().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RangeError)
    expect((err as Error).message).toBe('PartitionHub: the partitioner returned 7 for 1 consumer(s), expected an integer from 0 to 0')
  })

  it('lets consumers drain before failing them with the producer failure', async () => {
    const boom = new Error('boom')
    const hub = input({ elements: [1], end: 'fail', error: boom }).source.runWith(PartitionHub.sink<number>(() => 0))
    const probe = hub.runWith(TestSink.probe<number>())
    probe.request(2)
    await probe.expectNext(1)
    expect(await probe.expectError()).toBe(boom)
  })
})
