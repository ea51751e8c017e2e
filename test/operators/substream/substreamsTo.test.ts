import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Sink, Source } from '../../../src/index.js'
import { groupBy } from '../../../src/operators/substream/groupBy.js'
import { substreamsTo } from '../../../src/operators/substream/substreamsTo.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectClean, ints, RUNS } from '../../support/operators.js'
import { sorted } from '../../support/substreams.js'

/** A sink that records, per materialization, what it received. */
function recordingSink(into: number[][]): Sink<number, Promise<void>> {
  return Sink.fromGraph(
    Flow.create<number>()
      .statefulMap(
        () => into.push([]) - 1,
        (i, x) => {
          into[i]!.push(x)
          return [i, x]
        },
      )
      .toMat(Sink.ignore(), (_l, r) => r),
  )
}

describe('substreamsTo (SubFlow.to)', () => {
  describe('demand', () => {
    it('emits nothing, terminates once and stops every substream under random demand', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (input, schedule) => {
          const run = await runScheduled(Source.from(input).via(groupBy(4, (x: number) => x & 3)).via(substreamsTo(Sink.ignore())), schedule)
          expect(run.violations).toEqual([])
          expect(run.elements).toEqual([])
          expect(run.outcome).not.toBe('stalled')
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('runs each substream into its own sink and every element reaches exactly one sink', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (input) => {
          const sinks: number[][] = []
          const run = await runScheduled(Source.from(input).via(groupBy(4, (x: number) => x & 3)).via(substreamsTo(recordingSink(sinks))), [{ request: 1 }])
          expectClean(run, 'completed')
          expect(sorted(sinks.flat())).toEqual(sorted(input))
          for (const xs of sinks) expect(new Set(xs.map((x) => x & 3)).size).toBe(1)
          expect(sinks.length).toBe(new Set(input.map((x) => x & 3)).size)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('SubFlow.to on a Source gives a runnable graph; on a Flow, a Sink', async () => {
      const seen: number[] = []
      await Source.from([1, 2, 3]).groupBy(3, (x) => x).to(Sink.forEach((x: number) => seen.push(x))).run()
      const sink = Flow.create<number>().splitAfter((x) => x === 0).to(Sink.forEach((x: number) => seen.push(x + 10)))
      Source.from([1, 0, 2]).runWith(sink)
      await new Promise((r) => setTimeout(r, 10))
      expect(sorted(seen)).toEqual([1, 2, 3, 10, 11, 12])
    })

    it('fails when a substream sink fails', async () => {
      const boom = new Error('sink')
      const out = Source.from([1, 2, 3])
        .via(groupBy(3, (x: number) => x))
        .via(substreamsTo(Sink.forEach((x: number) => { if (x === 2) throw boom })))
        .runCollect()
      await expect(out).rejects.toBe(boom)
    })

    it('fails when upstream fails', async () => {
      const out = Source.failed<number>(new Error('up')).via(groupBy(3, (x: number) => x)).via(substreamsTo(Sink.ignore())).runCollect()
      await expect(out).rejects.toThrow('up')
    })
  })
})
