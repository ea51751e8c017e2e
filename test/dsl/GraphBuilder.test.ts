import fc from 'fast-check'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  Balance,
  Broadcast,
  ClosedShape,
  Flow,
  FlowShape,
  GraphDSL,
  Merge,
  MergePreferred,
  RunnableGraph,
  Sink,
  SinkShape,
  Source,
  SourceShape,
  Zip,
  ZipN,
} from '../../src/index.js'
import type { OutPort, UniformFanInShape } from '../../src/index.js'
import { demandSchedule, runScheduled } from '../../src/testkit/index.js'
import { RUNS, smallInts, sorted } from '../support/graphs.js'

/** src -> broadcast -> (left, right) -> zip: the diamond of the issue. */
function diamond<A, B>(left: Flow<number, A>, right: Flow<number, B>) {
  return Flow.fromGraph(
    GraphDSL.create((b) => {
      const bcast = b.add(Broadcast.create<number>(2))
      const zip = b.add(Zip.create<A, B>())
      b.from(bcast.out(0)).via(left).to(zip.in0)
      b.from(bcast.out(1)).via(right).to(zip.in1)
      return FlowShape.of(bcast.in, zip.out)
    }),
  )
}

describe('GraphDSL', () => {
  describe('diamonds and deadlocks', () => {
    it('runs a broadcast -> zip diamond with 1:1 branches to the end under any demand', () =>
      fc.assert(
        fc.asyncProperty(fc.array(smallInts, { maxLength: 20 }), demandSchedule(), async (xs, schedule) => {
          const flow = diamond(
            Flow.create<number>().map((x) => x + 1),
            Flow.create<number>().map((x) => x * 10),
          )
          const run = await runScheduled(Source.from(xs).via(flow), schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
          const want = xs.map((x) => [x + 1, x * 10])
          expect(run.elements).toEqual(want.slice(0, run.elements.length))
          if (run.outcome === 'completed') expect(run.elements.length).toBe(xs.length)
        }),
        { numRuns: RUNS },
      ))

    it('runs wider fan-out/fan-in graphs to the end: broadcast to n branches, zipped or merged', () =>
      fc.assert(
        fc.asyncProperty(fc.array(smallInts, { maxLength: 15 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), demandSchedule(), async (xs, n, zipped, schedule) => {
          const src = Source.fromGraph(
            GraphDSL.create((b) => {
              const bcast = b.add(Broadcast.create<number>(n))
              b.from(Source.from(xs)).to(bcast)
              if (zipped) {
                const zip = b.add(ZipN.create<number>(n))
                for (let k = 0; k < n; k++) b.from(bcast.out(k)).via(Flow.create<number>().map((x) => x + k)).to(zip.in(k))
                return SourceShape.of(b.from(zip.out).via(Flow.create<number[]>().map((row) => row.join(','))).outlet)
              }
              const merge = b.add(Merge.create<number>(n))
              for (let k = 0; k < n; k++) b.from(bcast.out(k)).via(Flow.create<number>().map((x) => x + k)).to(merge)
              return SourceShape.of(b.from(merge.out).via(Flow.create<number>().map(String)).outlet)
            }),
          )
          const run = await runScheduled(src, schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
          if (run.outcome === 'completed') {
            const rows = xs.map((x) => Array.from({ length: n }, (_, k) => x + k))
            if (zipped) expect(run.elements).toEqual(rows.map((r) => r.join(',')))
            else expect(sorted(run.elements)).toEqual(sorted(rows.flat().map(String)))
          }
        }),
        { numRuns: RUNS },
      ))

    it('stalls, as documented, when one branch drops elements and the other has no buffer', async () => {
      const flow = diamond(
        Flow.create<number>().filter((x) => x % 2 === 0),
        Flow.create<number>(),
      )
      const run = await runScheduled(Source.range(1, 10).via(flow), [{ request: 100 }])
      expect(run.outcome).toBe('stalled')
    })

    it('runs when the other branch can hold the elements the filtering branch drops (a buffer)', async () => {
      const drops = 5 // odd numbers in 1..10
      const flow = diamond(
        Flow.create<number>().filter((x) => x % 2 === 0),
        Flow.create<number>().buffer(drops, 'backpressure'),
      )
      const run = await runScheduled(Source.range(1, 10).via(flow), [{ request: 100 }])
      expect(run.outcome).toBe('completed')
      expect(run.elements).toEqual([
        [2, 1],
        [4, 2],
        [6, 3],
        [8, 4],
        [10, 5],
      ])
    })

    it('runs with an async boundary instead of a buffer, within its buffer size', async () => {
      const flow = diamond(
        Flow.create<number>().filter((x) => x % 2 === 0),
        Flow.create<number>().async({ bufferSize: 8 }),
      )
      const out = await Source.range(1, 10).via(flow).runCollect()
      expect(out.map((p) => p[0])).toEqual([2, 4, 6, 8, 10])
    })

    it('runs a cycle with a buffer in the feedback branch (and eagerComplete to end it)', async () => {
      const loop = Source.fromGraph(
        GraphDSL.create((b) => {
          const merge = b.add(MergePreferred.create<number>(1, { eagerComplete: true }))
          const bcast = b.add(Broadcast.create<number>(2))
          b.from(Source.from([1, 2, 3])).to(merge.in(0))
          b.from(merge.out).to(bcast)
          b.from(bcast.out(1))
            .via(Flow.create<number>().filter((x) => x < 100).map((x) => x * 10).buffer(4, 'backpressure'))
            .to(merge.preferred)
          return SourceShape.of(bcast.out(0))
        }),
      )
      const run = await runScheduled(loop, [{ request: 100 }])
      expect(run.violations).toEqual([])
      expect(run.outcome).toBe('completed')
      expect(run.elements.slice(0, 3)).toEqual([1, 10, 100])
      for (const x of [1, 2, 3]) expect(run.elements).toContain(x)
    })

    it('keeps both branches 1:1 by filtering after the zip (the pattern to prefer)', async () => {
      const flow = diamond(
        Flow.create<number>().map((x) => (x % 2 === 0 ? x : 0)),
        Flow.create<number>().map((x) => x * 10),
      ).filter(([even]) => even !== 0)
      expect(await Source.range(1, 6).via(flow).runCollect()).toEqual([
        [2, 20],
        [4, 40],
        [6, 60],
      ])
    })
  })

  describe('building', () => {
    it('returns a RunnableGraph for a closed shape, and keeps the materialized values of the graphs it was given', async () => {
      const graph = GraphDSL.create([Sink.collect<number>(), Sink.fold<number, number>(0, (a, x) => a + x)], (b, [all, sum]) => {
        const bcast = b.add(Broadcast.create<number>(2))
        b.from(Source.range(1, 4)).to(bcast)
        b.from(bcast).to(all)
        b.from(bcast).to(sum)
        return ClosedShape
      })
      expect(graph).toBeInstanceOf(RunnableGraph)
      expectTypeOf(graph).toEqualTypeOf<RunnableGraph<[Promise<number[]>, Promise<number>]>>()
      const [all, sum] = graph.run()
      expect(await all).toEqual([1, 2, 3, 4])
      expect(await sum).toBe(10)
      // a blueprint: every run is independent
      const [again] = graph.run()
      expect(await again).toEqual([1, 2, 3, 4])
    })

    it('exposes open ports as a Source, Flow or Sink, and nests in other graphs', async () => {
      const evensAndOdds = GraphDSL.create((b) => {
        const merge = b.add(Merge.create<number>(2))
        b.from(Source.from([2, 4])).to(merge)
        b.from(Source.from([1, 3])).to(merge)
        return SourceShape.of(merge.out)
      })
      expect(sorted(await Source.fromGraph(evensAndOdds).runCollect())).toEqual([1, 2, 3, 4])

      const summed = Sink.fromGraph(
        GraphDSL.create([Sink.fold<number, number>(0, (a, x) => a + x)], (b, [fold]) => {
          const double = b.add(Flow.create<number>().map((x) => x * 2))
          b.from(double.out).to(fold)
          return SinkShape.of(double.in)
        }),
      ).mapMaterializedValue(([sum]) => sum)
      expect(await Source.range(1, 3).runWith(summed)).toBe(12)

      // a partial graph added to another builder
      const outer = GraphDSL.create([Sink.collect<number>()], (b, [out]) => {
        const inner = b.add(evensAndOdds)
        b.from(inner.out).via(Flow.create<number>().map((x) => x * 100)).to(out)
        return ClosedShape
      })
      const [res] = outer.run()
      expect(sorted(await res)).toEqual([100, 200, 300, 400])
    })

    it('connects the next free port of a fan-in or fan-out shape', async () => {
      const [out] = GraphDSL.create([Sink.collect<number>()], (b, [sink]) => {
        const balance = b.add(Balance.create<number>(2))
        const merge = b.add(Merge.create<number>(2))
        b.from(Source.range(1, 6)).to(balance)
        b.from(balance).via(merge)
        b.from(balance).via(Flow.create<number>().map((x) => -x)).to(merge)
        b.from(merge.out).to(sink)
        return ClosedShape
      }).run()
      const got = await out
      expect(sorted(got.map(Math.abs))).toEqual([1, 2, 3, 4, 5, 6])
    })

    it('says which port is not connected, or connected twice, or foreign', () => {
      expect(() =>
        GraphDSL.create((b) => {
          const zip = b.add(Zip.create<number, number>())
          b.from(Source.single(1)).to(zip.in0)
          return SourceShape.of(zip.out)
        }),
      ).toThrow('GraphDSL: inlet zip.in1 is not connected (connect it, or return it in the shape)')
      expect(() =>
        GraphDSL.create((b) => {
          const merge = b.add(Merge.create<number>(1))
          b.from(Source.single(1)).to(merge.in(0))
          b.from(Source.single(2)).to(merge.in(0))
          return SourceShape.of(merge.out)
        }),
      ).toThrow('GraphDSL: inlet merge.in0 is already connected')
      let foreign: UniformFanInShape<number, number> | undefined
      GraphDSL.create((b) => {
        foreign = b.add(Merge.create<number>(1))
        b.from(Source.single(1)).to(foreign)
        return SourceShape.of(foreign.out)
      })
      expect(() =>
        GraphDSL.create((b) => {
          b.from(Source.single(1)).to(foreign!.in(0))
          return ClosedShape
        }),
      ).toThrow('GraphDSL: port merge.in0 belongs to another graph builder')
      expect(() => GraphDSL.create((b) => (b.from(Source.single(1)).to(Merge.create<number>(1).shape.in(0)), ClosedShape))).toThrow(
        'GraphDSL: port in0 is not part of this graph: use the ports that b.add(...) returns',
      )
      expect(() => Merge.create<number>(2).shape.in(2)).toThrow('in(2): no such port (2 inlets)')
      expect(() => GraphDSL.create((b) => b.add(Source.single(1)) && (null as never))).toThrow(
        'GraphDSL.create: the build function must return a shape (ClosedShape, SourceShape.of(port), ...)',
      )
    })

    it('honours async boundaries of the graphs it wires', async () => {
      const [out] = GraphDSL.create([Sink.collect<number>()], (b, [sink]) => {
        b.from(Source.range(1, 50).async({ bufferSize: 4 })).via(Flow.create<number>().map((x) => x * 2).async()).to(sink)
        return ClosedShape
      }).run()
      expect((await out).length).toBe(50)
    })

    it('types ports by element', () => {
      // compile-time only
      const check = (): void => {
        GraphDSL.create((b) => {
          const zip = b.add(Zip.create<number, string>())
          expectTypeOf(zip.out).toEqualTypeOf<OutPort<[number, string]>>()
          // @ts-expect-error a string source cannot feed a number inlet
          b.from(Source.single('x')).to(zip.in0)
          // @ts-expect-error nor a number source a string inlet
          b.from(Source.single(1)).to(zip.in1)
          // @ts-expect-error the flow must accept what the port emits
          b.from(zip.out).via(Flow.create<number>())
          return ClosedShape
        })
      }
      void check
      const flow = Flow.fromGraph(
        GraphDSL.create((b) => {
          const m = b.add(Flow.create<number>().map(String))
          return FlowShape.of(m.in, m.out)
        }),
      )
      expectTypeOf(flow).toEqualTypeOf<Flow<number, string, undefined>>()
    })
  })
})
