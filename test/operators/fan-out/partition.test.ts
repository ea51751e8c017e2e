import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClosedShape, GraphDSL, Partition, Sink, Source } from '../../../src/index.js'
import { TestSink, VirtualScheduler, type SinkProbe } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, input, nexts, RUNS, settle } from '../../support/graphs.js'

const mod3 = (x: number): number => ((x % 3) + 3) % 3

function partitionTo(src: Source<number>, scheduler?: VirtualScheduler, eagerCancel = false): [SinkProbe<number>, SinkProbe<number>, SinkProbe<number>] {
  const opts = scheduler === undefined ? {} : { scheduler }
  return GraphDSL.create([TestSink.probe<number>(opts), TestSink.probe<number>(opts), TestSink.probe<number>(opts)], (b, outs) => {
    const part = b.add(Partition.create<number>(3, mod3, { eagerCancel }))
    b.from(src).to(part)
    for (const o of outs) b.from(part).to(o)
    return ClosedShape
  }).run(opts)
}

describe('Partition', () => {
  // 1. demand
  it('never emits more than an output asked for, and holds at most one element', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 })), { maxLength: 12 }),
        async (xs, script) => {
          const scheduler = new VirtualScheduler()
          const inp = input({ elements: xs, end: 'never' })
          const outs = partitionTo(inp.source, scheduler)
          const asked = [0, 0, 0]
          for (const [k, n] of script) {
            outs[k]!.request(n)
            asked[k]! += n
            await scheduler.advance(1)
            await settle(1)
          }
          const got = outs.map((o) => nexts(o))
          got.forEach((g, k) => {
            expect(g.length).toBeLessThanOrEqual(asked[k]!)
            expect(g.every((x) => mod3(x) === k)).toBe(true)
          })
          const delivered = got.flat().length
          expect(inp.stats.pushes - delivered).toBeLessThanOrEqual(1) // at most one held
          expectInputsRespected([inp.stats], { stopped: false })
          for (const o of outs) o.cancel()
          await settle(2)
        },
      ),
      { numRuns: RUNS },
    ))

  // 2. model
  it('routes each element to the output its partitioner picks, in order', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 20 }), async (xs) => {
        const results = GraphDSL.create([Sink.collect<number>(), Sink.collect<number>(), Sink.collect<number>()], (b, outs) => {
          const part = b.add(Partition.create<number>(3, mod3))
          b.from(Source.from(xs)).to(part)
          for (const o of outs) b.from(part).to(o)
          return ClosedShape
        }).run()
        const got = await Promise.all(results)
        got.forEach((g, k) => expect(g).toEqual(xs.filter((x) => mod3(x) === k)))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments', () => {
    expectBuildError(() => Partition.create(0, () => 0), RangeError, 'Partition.create(outputs): expected a positive integer, got 0')
    expectBuildError(() => Partition.create(2, 'f' as never), TypeError, 'Partition.create(partitioner): expected a function, got "f"')
  })

  it('fails when the partitioner returns an index out of range, or throws', async () => {
    const [a] = GraphDSL.create([Sink.collect<number>(), Sink.ignore()], (b, [s0, s1]) => {
      const part = b.add(Partition.create<number>(2, () => 5))
      b.from(Source.single(1)).to(part)
      b.from(part).to(s0)
      b.from(part).to(s1)
      return ClosedShape
    }).run()
    const err = await a.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RangeError)
    expect((err as Error).message).toBe('partition: the partitioner returned 5, expected an integer from 0 to 1')
  })

  it('drops elements for an output that cancelled, and goes on with the others', async () => {
    const [a, b, c] = partitionTo(Source.from([0, 1, 2, 3, 4, 5]))
    b.cancel()
    a.request(5)
    c.request(5)
    await a.expectNext(0, 3)
    await c.expectNext(2, 5)
    await a.expectComplete()
  })

  it('with eagerCancel cancels upstream at the first cancel', async () => {
    const inp = input({ elements: [1], end: 'never' })
    const [a] = partitionTo(inp.source, undefined, true)
    a.cancel()
    await settle()
    expect(inp.stats.cancelled).toBe(true)
  })
})
