import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FlowGraph, NotUsed } from '../../src/core/Graph.js'
import { collectMetrics, Flow, Keep, type RunningStream, runningStreams, Sink, Source } from '../../src/index.js'
import { TestSink } from '../../src/testkit/index.js'
import { callTimingOn } from '../../src/operators/async/internal/callTiming.js'
import { mapAsync } from '../../src/operators/async/mapAsync.js'
import { buffer } from '../../src/operators/buffer/buffer.js'
import { filter } from '../../src/operators/simple/filter.js'
import { map } from '../../src/operators/simple/map.js'
import { take } from '../../src/operators/simple/take.js'
import { macrotask } from '../support/macrotask.js'
import { TestRecorder, testCollectors } from './metricsRecorder.js'

const collector = testCollectors()

/** One operator as a stage of its own, with a name. */
function stage<I, O>(graph: FlowGraph<I, O, NotUsed>, name: string): Flow<I, O, NotUsed> {
  return Flow.fromGraph(graph).withAttributes({ name, fuse: false })
}

type Op = { kind: 'map' } | { kind: 'filter' } | { kind: 'buffer'; n: number } | { kind: 'take'; n: number } | { kind: 'mapAsync'; n: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'map' as const }),
  fc.constant({ kind: 'filter' as const }),
  fc.integer({ min: 1, max: 4 }).map((n) => ({ kind: 'buffer' as const, n })),
  fc.integer({ min: 0, max: 12 }).map((n) => ({ kind: 'take' as const, n })),
  fc.integer({ min: 1, max: 3 }).map((n) => ({ kind: 'mapAsync' as const, n })),
)

function graphOf(o: Op): FlowGraph<number, number, NotUsed> {
  switch (o.kind) {
    case 'map':
      return map((x: number) => x + 1)
    case 'filter':
      return filter((x: number) => x % 3 !== 0)
    case 'buffer':
      return buffer<number>(o.n, 'backpressure')
    case 'take':
      return take<number>(o.n)
    case 'mapAsync':
      return mapAsync(o.n, (x: number) => Promise.resolve(x))
  }
}

/** Lets Promise reactions and queued signals run. */
async function settle(): Promise<void> {
  await macrotask()
  await macrotask()
}

describe('collectMetrics', () => {
  it('reports what actually flowed: elements out of each stage equal a tap after it, demand is never negative, a stage never took more than its upstream emitted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.array(op, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 10 }),
        async (count, ops, requests) => {
          const taps = ops.map(() => 0)
          let source: Source<number, NotUsed> = Source.from(Array.from({ length: count }, (_, i) => i))
          ops.forEach((o, i) => {
            source = source.via(stage(graphOf(o), `op${i}`)).via(
              stage(
                map((x: number) => {
                  taps[i]!++
                  return x
                }),
                `tap${i}`,
              ),
            )
          })
          let stream: RunningStream | undefined
          const { recorder, collector: c, scheduler } = collector({ streams: () => (stream === undefined ? [] : [stream]) })
          const probe = source.runWith(TestSink.probe<number>(), { name: 'flow', onStart: (s) => (stream = s) })
          const snapshot = stream!.snapshot()
          const check = (): void => {
            recorder.clear()
            c.collect()
            const out = (id: number) => recorder.value('sluice.stage.elements_out', { 'stage.id': id }) ?? 0
            const into = (id: number) => recorder.value('sluice.stage.elements_in', { 'stage.id': id }) ?? 0
            const byName = (name: string) => snapshot.stages.find((s) => s.name === name)!.id
            ops.forEach((_, i) => {
              expect(out(byName(`op${i}`))).toBe(taps[i])
              expect(into(byName(`tap${i}`))).toBe(taps[i])
            })
            for (const conn of snapshot.connections) expect(into(conn.to.stage)).toBeLessThanOrEqual(out(conn.from.stage))
            for (const m of recorder.last.values()) if (m.name === 'sluice.stage.demand') expect(m.value).toBeGreaterThanOrEqual(0)
            const sinkId = snapshot.stages[snapshot.stages.length - 1]!.id
            expect(into(sinkId)).toBe(probe.received.filter((s) => s.kind === 'next').length)
          }
          await settle()
          check()
          for (const n of requests) {
            probe.request(n)
            await settle()
            check()
          }
          probe.request(1_000)
          await settle()
          check()
          c.stop()
          expect(scheduler.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('collects every intervalMs on its scheduler, and leaves no timer and no timing switched on after stop()', async () => {
    expect(callTimingOn).toBe(false)
    const { recorder, scheduler, collector: c } = collector({ intervalMs: 500 })
    expect(scheduler.pendingTimers).toBe(1)
    expect(callTimingOn).toBe(true)
    const queue = Source.queue<number>(4).to(Sink.ignore()).run({ name: 'ticks' })
    queue.offer(1)
    await settle()
    await scheduler.advance(1_500)
    expect(recorder.calls.filter((m) => m.name === 'sluice.stage.elements_out' && m.attributes.stream === 'ticks')).toHaveLength(3)
    expect(recorder.value('sluice.stage.elements_out', { stream: 'ticks', stage: 'queue' })).toBe(1)
    expect(recorder.value('sluice.stage.buffer.limit', { stream: 'ticks', stage: 'queue' })).toBe(4)
    c.stop()
    expect(scheduler.pendingTimers).toBe(0)
    expect(callTimingOn).toBe(false)
    await scheduler.advance(5_000)
    expect(recorder.calls.filter((m) => m.name === 'sluice.stage.elements_out' && m.attributes.stream === 'ticks')).toHaveLength(3)
    queue.complete()
  })

  it('keeps timing on while another collector runs', () => {
    const a = collector()
    const b = collector()
    a.collector.stop()
    expect(callTimingOn).toBe(true)
    b.collector.stop()
    expect(callTimingOn).toBe(false)
  })

  it('reports a stream that ended since the last collection once more, with its final totals, then forgets it', async () => {
    const { recorder, collector: c } = collector()
    const queue = Source.queue<number>(8).to(Sink.ignore()).run({ name: 'ending' })
    queue.offer(1)
    await settle()
    c.collect()
    expect(recorder.value('sluice.stage.elements_in', { stream: 'ending', stage: 'ignore' })).toBe(1)
    queue.offer(2)
    queue.offer(3)
    queue.complete()
    await settle()
    recorder.clear()
    c.collect()
    expect(recorder.value('sluice.stage.elements_in', { stream: 'ending', stage: 'ignore' })).toBe(3)
    recorder.clear()
    c.collect()
    expect(recorder.value('sluice.stage.elements_in', { stream: 'ending', stage: 'ignore' })).toBeUndefined()
  })

  it('reports outstanding demand, buffer fill and calls in flight of a backpressured stream', async () => {
    const { recorder, collector: c } = collector()
    const pending: (() => void)[] = []
    const [queue, probe] = Source.queue<number>(16)
      .mapAsync(3, (x) => new Promise<number>((resolve) => pending.push(() => resolve(x))))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run({ name: 'held' })
    for (let i = 0; i < 10; i++) queue.offer(i)
    probe.request(1)
    await settle()
    c.collect()
    const at = (name: Parameters<TestRecorder['value']>[0], stage: string) => recorder.value(name, { stream: 'held', stage })
    expect(at('sluice.stage.in_flight', 'mapAsync')).toBe(3)
    expect(at('sluice.stage.buffer.limit', 'mapAsync')).toBe(3)
    expect(at('sluice.stage.demand', 'mapAsync')).toBe(1) // the probe asked for one, nothing settled
    expect(at('sluice.stage.buffer.usage', 'queue')).toBe(7) // 10 offered, 3 taken by mapAsync
    expect(at('sluice.stage.demand', 'queue')).toBe(0) // mapAsync is full: it does not ask
    for (const resolve of pending.splice(0)) resolve()
    await settle()
    recorder.clear()
    c.collect()
    expect(at('sluice.stage.demand', 'mapAsync')).toBe(0)
    expect(at('sluice.stage.elements_out', 'mapAsync')).toBe(1)
    probe.cancel()
  })

  it('does not fail the stream when the recorder throws: the error goes to onError', async () => {
    const errors: unknown[] = []
    const boom = new Error('recorder down')
    const throwing = {
      counter: () => {
        throw boom
      },
      gauge: () => {},
      histogram: () => {
        throw boom
      },
    }
    const { collector: c } = collector({ recorder: throwing, onError: (e) => errors.push(e) })
    const queue = Source.queue<number>(8).to(Sink.ignore()).run()
    c.collect()
    expect(errors).toEqual([boom])
    const out = await Source.from([1, 2]).mapAsync(1, async (x) => x * 2).runCollect()
    expect(out).toEqual([2, 4])
    expect(errors).toEqual([boom, boom, boom])
    queue.complete()
  })

  it('rejects bad options with errors that name the argument', () => {
    const recorder = new TestRecorder()
    expect(() => collectMetrics(undefined as never)).toThrow(new TypeError('collectMetrics(options): expected { recorder, intervalMs? }, got undefined'))
    expect(() => collectMetrics({} as never)).toThrow(
      new TypeError('collectMetrics(options.recorder): expected a MetricsRecorder (an object with counter, gauge and histogram functions), got undefined'),
    )
    expect(() => collectMetrics({ recorder: { counter: () => {} } as never })).toThrow(/^collectMetrics\(options\.recorder\): expected a MetricsRecorder .*got an object without them$/)
    expect(() => collectMetrics({ recorder, intervalMs: 0 })).toThrow(new RangeError('collectMetrics(options.intervalMs): expected a positive integer, got 0'))
    expect(() => collectMetrics({ recorder, intervalMs: 1.5 })).toThrow(RangeError)
    expect(() => collectMetrics({ recorder, streams: 'all' as never })).toThrow(new TypeError('collectMetrics(options.streams): expected a function, got "all"'))
    expect(callTimingOn).toBe(false) // nothing was switched on by a call that threw
  })
})

describe('sluice.mapAsync.duration', () => {
  it('times each call from the call to its settlement, on the run’s clock, with the stage and stream', async () => {
    const { recorder, scheduler } = collector()
    const later = (x: number) => new Promise<number>((resolve) => scheduler.setTimeout(() => resolve(x), x * 10))
    const done = Source.from([1, 2, 3]).mapAsync(2, later).runCollect({ scheduler, name: 'latency' })
    await scheduler.advance(100)
    expect(await done).toEqual([1, 2, 3])
    const ms = recorder.measurements('sluice.mapAsync.duration', { stream: 'latency', stage: 'mapAsync' }).map((m) => m.value)
    expect(ms.sort((a, b) => a - b)).toEqual([10, 20, 30])
  })

  it('times filterAsync and mapAsyncUnordered, a named stage under its name, and a rejection with error.type', async () => {
    const { recorder, scheduler } = collector()
    const later = <T>(x: T, ms: number) => new Promise<T>((resolve) => scheduler.setTimeout(() => resolve(x), ms))
    const done = Source.from([1, 2, 3, 4])
      .filterAsync(2, (x) => later(x % 2 === 0, 5))
      .via(Flow.create<number>().mapAsyncUnordered(2, (x) => later(x, 7)).named('enrich'))
      .via(
        Flow.create<number>()
          .mapAsync(1, (x) => (x === 4 ? Promise.reject(new TypeError('bad')) : later(x, 1)))
          .withAttributes({ supervision: () => 'resume' }),
      )
      .runCollect({ scheduler, name: 'kinds' })
    await scheduler.advance(100)
    expect(await done).toEqual([2])
    expect(recorder.measurements('sluice.mapAsync.duration', { stage: 'filterAsync' }).map((m) => m.value)).toEqual([5, 5, 5, 5])
    expect(recorder.measurements('sluice.mapAsync.duration', { stage: 'enrich' }).map((m) => m.value)).toEqual([7, 7])
    const last = recorder.measurements('sluice.mapAsync.duration', { stage: 'mapAsync' })
    expect(last.map((m) => [m.value, m.attributes['error.type']])).toEqual([
      [1, undefined],
      [0, 'TypeError'],
    ])
  })

  it('is not recorded with mapAsyncDuration: false, nor once the collector stopped', async () => {
    const quiet = collector({ mapAsyncDuration: false })
    expect(callTimingOn).toBe(false)
    await Source.from([1, 2]).mapAsync(1, async (x) => x).runCollect()
    expect(quiet.recorder.measurements('sluice.mapAsync.duration')).toEqual([])
    const { recorder, collector: c } = collector()
    c.stop()
    await Source.from([1, 2]).mapAsync(1, async (x) => x).runCollect()
    expect(recorder.measurements('sluice.mapAsync.duration')).toEqual([])
  })
})

describe('collectMetrics and garbage', () => {
  it('does not keep alive a stuck run that nothing references any more', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const { recorder, collector: c } = collector()
    let ref: WeakRef<RunningStream> | undefined
    // A Promise nobody can settle: once dropped, the run can never move again.
    ;(() => {
      Source.single(1)
        .mapAsync(1, () => new Promise<number>(() => {}))
        .runWith(Sink.ignore(), { name: 'abandoned', onStart: (s) => (ref = new WeakRef(s)) })
    })()
    c.collect()
    expect(recorder.value('sluice.stage.in_flight', { stream: 'abandoned' })).toBe(1)
    recorder.clear() // the recorder holds attributes, not runs; drop them anyway
    for (let i = 0; i < 4; i++) {
      c.collect()
      // after the turn: a WeakRef's target stays alive until the end of the job that deref'ed it
      await new Promise((r) => setTimeout(r, 5))
      gc()
    }
    expect(ref!.deref()).toBeUndefined()
    expect(runningStreams('abandoned')).toEqual([])
  })
})
