import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, formatSnapshot, Keep, runningStreams, type RunningStream, Sink, Source, type StreamSnapshot } from '../../src/index.js'
import { map } from '../../src/operators/simple/map.js'
import { TestSink } from '../../src/testkit/index.js'
import { macrotask } from '../support/macrotask.js'

function handle(): { onStart: (s: RunningStream) => void; get: () => RunningStream } {
  let stream: RunningStream | undefined
  return { onStart: (s) => (stream = s), get: () => stream! }
}

const unfused = { fuse: false } as const

describe('snapshots', () => {
  it('a run is listed while it runs, by name, and gone when it ends', async () => {
    const h = handle()
    const [queue, done] = Source.queue<number>(4).toMat(Sink.ignore(), Keep.both).run({ name: 'listed', onStart: h.onStart })
    expect(runningStreams('listed')).toEqual([h.get()])
    expect(runningStreams()).toContain(h.get())
    expect(h.get().finished).toBe(false)
    queue.complete()
    await done
    expect(runningStreams('listed')).toEqual([])
    expect(h.get().finished).toBe(true)
    expect(h.get().snapshot().state).toBe('completed')
  })

  it('names runs stream-<id> by default and gives every stage an id, a name, a state and a build site', () => {
    const h = handle()
    const queue = Source.queue<number>(4).map((x) => x + 1).to(Sink.ignore()).run({ onStart: h.onStart })
    const s = h.get().snapshot()
    expect(s.name).toBe(`stream-${s.id}`)
    expect(s.state).toBe('running')
    expect(s.stages.map((st) => st.name)).toEqual(['queue', 'map+ignore'])
    expect(s.stages[1]!.fused).toEqual(['map', 'ignore'])
    for (const st of s.stages) {
      expect(st.state).toBe('running')
      expect(st.builtAt).toMatch(/snapshot\.test\.ts:\d+:\d+$/)
    }
    expect(s.runSite).toMatch(/snapshot\.test\.ts:\d+:\d+$/)
    // plain data: survives JSON
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
    queue.complete()
  })

  it('shows demand, elements and what a buffer holds; fuse: false gives an operator its own line', async () => {
    const h = handle()
    const probe = Source.range(1, 100)
      .withAttributes(unfused)
      .via(Flow.fromGraph(map((x: number) => x * 2)).withAttributes({ name: 'double', fuse: false }))
      .buffer(8, 'backpressure')
      .runWith(TestSink.probe<number>(), { onStart: h.onStart })
    probe.request(3)
    await probe.expectNext(2, 4, 6)
    await macrotask()
    const s = h.get().snapshot()
    expect(s.stages.map((st) => st.name)).toEqual(['range', 'double', 'buffer', 'TestSink.probe'])
    const buffer = s.stages.find((st) => st.name === 'buffer')!
    expect(buffer.capacity).toBe(8)
    expect(buffer.buffered).toBe(8) // the buffer filled up ahead of demand, and no further
    const into = (name: string) => s.connections.find((c) => s.stages[c.to.stage]!.name === name)!
    expect(into('double').elements).toBe(11) // 3 emitted + 8 buffered
    expect(into('buffer').elements).toBe(11)
    expect(into('buffer').demand).toBe(0) // the buffer is full: it does not ask
    const out = s.connections.find((c) => s.stages[c.from.stage]!.name === 'buffer')!
    expect(out.elements).toBe(3)
    // what moved before the first look is not dated; what moves after it is
    expect(out.msSinceElement).toBeNull()
    probe.request(1)
    await probe.expectNext(8)
    const again = h.get().snapshot()
    const outAgain = again.connections.find((c) => again.stages[c.from.stage]!.name === 'buffer')!
    expect(outAgain.elements).toBe(4)
    expect(outAgain.msSinceElement).not.toBeNull()
    expect(outAgain.msSinceElement!).toBeLessThan(1_000)
    probe.cancel()
  })

  it('reports an async boundary with its buffer and the demand across it', async () => {
    const h = handle()
    const probe = Source.range(1, 1_000).async({ bufferSize: 16 }).runWith(TestSink.probe<number>(), { onStart: h.onStart })
    probe.request(5)
    await probe.expectNextN(5)
    await macrotask()
    const s = h.get().snapshot()
    const boundary = s.connections.find((c) => c.async)!
    expect(boundary).toBeDefined()
    expect(boundary.buffered).toBeLessThanOrEqual(16)
    expect(boundary.elements).toBeGreaterThanOrEqual(5)
    expect(new Set(s.stages.map((st) => st.island))).toEqual(new Set([0, 1]))
    expect(formatSnapshot(s)).toMatch(/async boundary range\.async\.out -> TestSink\.probe\.async\.in: \d+ crossed/)
    probe.cancel()
  })

  it('tells how each stage ended: the one that failed, those it failed, those it cancelled', async () => {
    const h = handle()
    const err = await Source.range(1, 10)
      .withAttributes({ name: 'numbers', fuse: false })
      .map((x) => {
        if (x === 3) throw new Error('three')
        return x
      })
      .withAttributes({ name: 'checked', fuse: false })
      .runWith(Sink.collect(), { onStart: h.onStart })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    await macrotask()
    const s = h.get().snapshot()
    const state = (name: string) => s.stages.find((st) => st.name === name)?.state
    expect(s.state).toBe('failed')
    expect(state('checked')).toBe('failed')
    expect(state('collect')).toBe('failed')
    expect(state('numbers')).toBe('cancelled')
  })

  it('calls a run that got what it needed through take completed, and a stopped boundary empty', async () => {
    const h = handle()
    const out = await Source.range(1, 1_000)
      .async({ bufferSize: 8 })
      .take(5)
      .runWith(Sink.collect(), { onStart: h.onStart })
    expect(out).toEqual([1, 2, 3, 4, 5])
    await macrotask()
    const s = h.get().snapshot()
    expect(s.state).toBe('completed')
    expect(s.stages.find((st) => st.name === 'range')?.state).toBe('cancelled')
    const boundary = s.connections.find((c) => c.async)!
    expect(boundary.buffered).toBe(0)
    expect(boundary.demand).toBe(0)
    expect(boundary.elements).toBeGreaterThanOrEqual(5)
    for (const c of s.connections) expect(c.elements).toBeGreaterThanOrEqual(0)
  })

  it('formats a table with one line per stage, and el/s given the previous snapshot', async () => {
    const h = handle()
    const probe = Source.range(1, 1_000).map((x) => x + 1).runWith(TestSink.probe<number>(), { name: 'table', onStart: h.onStart })
    probe.request(10)
    await probe.expectNextN(10)
    const first = h.get().snapshot()
    probe.request(10)
    await probe.expectNextN(10)
    const second: StreamSnapshot = { ...h.get().snapshot(), takenAt: first.takenAt + 1_000 }
    const text = formatSnapshot(second, { previous: first })
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^stream 'table' #\d+ running/)
    expect(lines[1]).toMatch(/id\s+stage\s+state\s+emitted\s+el\/s\s+demand/)
    expect(lines.find((l) => /range\+map/.test(l))).toMatch(/range\+map\s+running\s+20\s+10\s/)
    probe.cancel()
  })
})

describe('the counters a snapshot reads', () => {
  it('never show more elements than requests on any connection, and count exactly what crossed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (xs, requests, fused) => {
          const h = handle()
          const attrs = fused ? {} : unfused
          const seen: number[] = []
          const probe = Source.from(xs)
            .withAttributes(attrs)
            .map((x) => x * 2)
            .withAttributes(attrs)
            .filter((x) => x % 3 !== 0)
            .withAttributes(attrs)
            .map((x) => {
              seen.push(x)
              return x
            })
            .withAttributes(attrs)
            .runWith(TestSink.probe<number>(), { onStart: h.onStart })
          let asked = 0
          for (const n of requests) {
            probe.request(n)
            asked += n
            await macrotask()
            const s = h.get().snapshot()
            for (const c of s.connections) {
              expect(c.elements).toBeLessThanOrEqual(c.requests)
              expect(c.demand).toBeGreaterThanOrEqual(0)
              expect(c.demand).toBeLessThanOrEqual(1)
            }
            const last = s.connections.find((c) => s.stages[c.to.stage]!.name === 'TestSink.probe')!
            expect(last.elements).toBe(seen.length)
            expect(last.elements).toBeLessThanOrEqual(asked)
          }
          probe.cancel()
        },
      ),
      { numRuns: 60 },
    )
  })
})
