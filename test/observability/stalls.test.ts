import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Broadcast,
  detectStalls,
  Flow,
  GraphDSL,
  Keep,
  type RunningStream,
  Sink,
  Source,
  SourceShape,
  type StallDetector,
  type StallReport,
  type StallResolved,
  VirtualScheduler,
  watchForStalls,
  Zip,
} from '../../src/index.js'
import type { Subscription } from '../../src/spec/types.js'
import { macrotask } from '../support/macrotask.js'

const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')
/** The line of this file that ends with the comment `// site: <tag>`. */
const marked = (tag: string): number => lines.findIndex((l) => l.endsWith(`// site: ${tag}`)) + 1
const lineOf = (site: string | undefined): number => Number(/stalls\.test\.ts:(\d+):\d+$/.exec(site ?? '')?.[1] ?? -1)

const detectors: StallDetector[] = []
afterEach(() => {
  for (const d of detectors.splice(0)) d.stop()
})

/** A detector on virtual time that records what it reports; `watch` narrows it to one run. */
function recorder(thresholdMs = 1_000, stream?: RunningStream) {
  const scheduler = new VirtualScheduler()
  const stalls: StallReport[] = []
  const resumed: StallResolved[] = []
  const options = { thresholdMs, checkEveryMs: 100, scheduler, onStall: (r: StallReport) => stalls.push(r), onResume: (r: StallResolved) => resumed.push(r) }
  const detector = stream === undefined ? detectStalls(options) : watchForStalls(stream, options)
  detectors.push(detector)
  return { scheduler, stalls, resumed, detector }
}

/** Lets the streams settle (microtasks and a host turn), then moves virtual time on. */
async function after(scheduler: VirtualScheduler, ms: number): Promise<void> {
  await macrotask()
  for (let t = 0; t < ms; t += 100) await scheduler.advance(100)
}

function handleOf(): { onStart: (s: RunningStream) => void; get: () => RunningStream } {
  let stream: RunningStream | undefined
  return { onStart: (s) => (stream = s), get: () => stream! }
}

describe('the stall detector', () => {
  it('names a mapAsync whose Promise never settles, with its build site and the path to it', async () => {
    const h = handleOf()
    Source.from([1, 2, 3])
      .mapAsync(1, () => new Promise<number>(() => {})) // site: never-settles
      .map((x) => x + 1)
      .runWith(Sink.ignore(), { name: 'never-settles', onStart: h.onStart })
    const { scheduler, stalls } = recorder(1_000, h.get())
    await after(scheduler, 900)
    expect(stalls).toEqual([]) // not before the threshold
    await after(scheduler, 600)
    expect(stalls).toHaveLength(1)
    const r = stalls[0]!
    expect(r.kind).toBe('no-element')
    expect(r.stream.name).toBe('never-settles')
    expect(r.culprit.name).toBe('mapAsync')
    expect(r.culprit.holds).toContain('1 in flight')
    expect(lineOf(r.culprit.builtAt)).toBe(marked('never-settles'))
    expect(r.path.map((s) => s.name)).toEqual(['map+ignore', 'mapAsync'])
    expect(r.message).toContain("'mapAsync'")
    expect(r.message).toContain('1 in flight')
    expect(r.stalledForMs).toBeGreaterThanOrEqual(1_000)
    // reported once, not at every check
    await after(scheduler, 3_000)
    expect(stalls).toHaveLength(1)
  })

  it('follows a zip to the input that never emits', async () => {
    const h = handleOf()
    Source.from([1, 2])
      .zip(Source.never<number>()) // site: never
      .runWith(Sink.ignore(), { name: 'zip', onStart: h.onStart })
    const { scheduler, stalls } = recorder(500, h.get())
    await after(scheduler, 800)
    expect(stalls).toHaveLength(1)
    expect(stalls[0]!.culprit.name).toBe('never')
    expect(lineOf(stalls[0]!.culprit.builtAt)).toBe(marked('never'))
    expect(stalls[0]!.path.map((s) => s.name)).toEqual(['ignore', 'zip', 'never'])
  })

  it('blames a consumer that stopped requesting, and reports again when it moves', async () => {
    const h = handleOf()
    const publisher = Source.range(1, 100).runWith(Sink.asPublisher<number>(), { name: 'slow-consumer', onStart: h.onStart }) // site: consumer
    let subscription: Subscription | undefined
    const got: number[] = []
    publisher.subscribe({
      onSubscribe: (s) => {
        subscription = s
        s.request(3)
      },
      onNext: (x) => got.push(x),
      onError: () => {},
      onComplete: () => {},
    })
    const { scheduler, stalls, resumed } = recorder(1_000, h.get())
    await after(scheduler, 1_500)
    expect(got).toEqual([1, 2, 3])
    expect(stalls).toHaveLength(1)
    expect(stalls[0]!.kind).toBe('no-demand')
    expect(stalls[0]!.culprit.name).toBe('asPublisher')
    expect(stalls[0]!.culprit.holds).toContain('0 requested')
    expect(lineOf(stalls[0]!.culprit.builtAt)).toBe(marked('consumer'))
    subscription!.request(5)
    await after(scheduler, 200)
    expect(got).toHaveLength(8)
    expect(resumed).toHaveLength(1)
    expect(resumed[0]!.culprit.name).toBe('asPublisher')
    expect(resumed[0]!.message).toContain('moves again')
    expect(resumed[0]!.finished).toBe(false)
    subscription!.cancel()
  })

  it('reports a Source.queue nobody offers to, and says so', async () => {
    const h = handleOf()
    const queue = Source.queue<number>(16) // site: queue
      .map((x) => x * 2)
      .to(Sink.ignore())
      .run({ name: 'idle-queue', onStart: h.onStart })
    const { scheduler, stalls, resumed } = recorder(1_000, h.get())
    await after(scheduler, 1_300)
    expect(stalls).toHaveLength(1)
    expect(stalls[0]!.culprit.name).toBe('queue')
    expect(stalls[0]!.culprit.holds).toContain('waiting for offer()')
    expect(lineOf(stalls[0]!.culprit.builtAt)).toBe(marked('queue'))
    queue.offer(1)
    await after(scheduler, 200)
    expect(resumed).toHaveLength(1)
    queue.complete()
  })

  it('tells a reported stall that its run ended, when it ends rather than moves', async () => {
    const h = handleOf()
    const queue = Source.queue<number>(4).to(Sink.ignore()).run({ name: 'ends', onStart: h.onStart })
    const { scheduler, stalls, resumed } = recorder(500, h.get())
    await after(scheduler, 800)
    expect(stalls).toHaveLength(1)
    queue.complete()
    await macrotask()
    expect(h.get().finished).toBe(true)
    await after(scheduler, 300)
    expect(resumed).toHaveLength(1)
    expect(resumed[0]!.finished).toBe(true)
    expect(resumed[0]!.message).toContain("stream 'ends' ended (completed)")
    expect(scheduler.pendingTimers).toBe(0) // watchForStalls stopped itself
  })

  it('recognises a cycle without a buffer (a zip waiting on its own output)', async () => {
    const looped = Source.fromGraph(
      GraphDSL.create((b) => {
        const zip = b.add(Zip.create<number, number>())
        const bcast = b.add(Broadcast.create<[number, number]>(2))
        b.from(Source.from([1, 2, 3])).to(zip.in0)
        b.from(zip.out).to(bcast)
        b.from(bcast.out(1)).via(Flow.create<[number, number]>().map((p) => p[0])).to(zip.in1)
        return SourceShape.of(bcast.out(0))
      }),
    )
    const h = handleOf()
    looped.runWith(Sink.ignore(), { name: 'cycle', onStart: h.onStart })
    const { scheduler, stalls } = recorder(500, h.get())
    await after(scheduler, 800)
    expect(stalls).toHaveLength(1)
    expect(stalls[0]!.kind).toBe('cycle')
    expect(new Set(stalls[0]!.path.map((s) => s.name))).toEqual(new Set(['zip', 'map', 'broadcast']))
    expect(stalls[0]!.message).toContain('cycle')
  })

  it('says nothing about a stream that keeps moving, however slowly, or one that ended', async () => {
    const h = handleOf()
    const queue = Source.queue<number>(4).to(Sink.ignore()).run({ name: 'trickle', onStart: h.onStart })
    const { scheduler, stalls } = recorder(1_000, h.get())
    for (let i = 0; i < 20; i++) {
      queue.offer(i)
      await after(scheduler, 500)
    }
    expect(stalls).toEqual([])
    queue.complete()
    await after(scheduler, 3_000)
    expect(stalls).toEqual([])
    expect(h.get().finished).toBe(true)
  })

  it('watches every running stream when not given one, and stops cleanly', async () => {
    const { scheduler, stalls, detector } = recorder(500)
    const [queue, done] = Source.queue<number>(4).toMat(Sink.ignore(), Keep.both).run({ name: 'global-watch' })
    await after(scheduler, 800)
    expect(stalls.some((r) => r.stream.name === 'global-watch')).toBe(true)
    detector.stop()
    expect(scheduler.pendingTimers).toBe(0)
    queue.complete()
    await done
  })

  it('rejects bad settings with a message that names them', () => {
    expect(() => detectStalls({ thresholdMs: 0 })).toThrow(/detectStalls\(options\.thresholdMs\): expected a positive integer, got 0/)
    expect(() => detectStalls({ thresholdMs: 100, checkEveryMs: -1 })).toThrow(/options\.checkEveryMs/)
  })
})
