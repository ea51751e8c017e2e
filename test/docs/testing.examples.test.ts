/**
 * The examples of docs/testing.md, compiled and run. Each `// #region name` ... `// #endregion`
 * block appears verbatim on the page after `<!-- example: name -->`; the last test checks that
 * they still match.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../src/index.js'
import {
  demandInvariant,
  demandSchedule,
  elements,
  equivalentTo,
  expectTimeline,
  failingAt,
  runScheduled,
  runVirtual,
  TestSink,
  TestSource,
  timelineSource,
  verifyProcessor,
  verifyPublisher,
  VirtualScheduler,
} from '../../src/testkit/index.js'
import { registerWithVitest } from '../../src/testkit/tck/vitest.js'

describe('docs/testing.md', () => {
  it('probes', async () => {
    // #region probes
    const evens = Flow.create<number>().filter((x) => x % 2 === 0)
    const [source, sink] = TestSource.probe<number>().via(evens).toMat(TestSink.probe<number>(), Keep.both).run()

    sink.request(1)
    await source.expectRequest() // the demand reached upstream
    source.sendNext(1) // dropped by the filter, which pulls again at once:
    await source.expectRequest()
    source.sendNext(2)
    await sink.expectNext(2)
    await sink.expectNoMessage(20) // nothing more was asked for

    sink.cancel()
    await source.expectCancellation() // the cancel reached upstream
    // #endregion
  })

  it('probe errors', async () => {
    // #region probe-errors
    const probe = Source.from([1, 2, 3]).runWith(TestSink.probe<number>({ timeoutMs: 200 }))
    probe.request(3)
    const error = await probe.expectNext(1, 3).catch((e: unknown) => e)
    // AssertionError: expected onNext(3) (element 2 of 2), but got onNext(2) (it had already arrived)
    expect(String(error)).toContain('expected onNext(3) (element 2 of 2), but got onNext(2)')
    // #endregion
  })

  it('virtual time', async () => {
    // #region virtual-time
    const scheduler = new VirtualScheduler()
    const probe = Source.from(['a', 'b', 'c'])
      .throttle(1, 1000, { maximumBurst: 1 }) // one element per second
      .runWith(TestSink.probe<string>(), { scheduler })

    probe.request(3)
    await probe.expectNext('a')
    await probe.expectNoMessage(900) // 900 virtual ms pass at once
    await probe.expectNext('b') // the probe moves the clock to the next timer
    expect(scheduler.now()).toBe(1000)
    await probe.expectNext('c')
    await probe.expectComplete()
    expect(scheduler.pendingTimers).toBe(0) // nothing left behind
    // #endregion
  })

  it('timelines', async () => {
    // #region timelines
    // one token every 4 ticks, the bucket holds 1: a takes the first, b waits for tick 4, c for 8
    await expectTimeline(timelineSource('-abc---------|').throttle(1, 4, { maximumBurst: 1 }), '-a--b---c----|')
    const { mat } = await expectTimeline(timelineSource('-a-b-c-d|').take(2), '-a-(b|)')
    expect(mat.subscription()).toBe('^--!') // pulled at tick 0, cancelled at tick 3
    // #endregion
  })

  it('runVirtual', async () => {
    // #region run-virtual
    const scheduler = new VirtualScheduler()
    const total = await runVirtual(Source.range(1, 5).throttle(1, 60_000).toMat(Sink.fold(0, (a, x: number) => a + x), Keep.right), { scheduler })
    expect(total).toBe(15)
    expect(scheduler.now()).toBe(240_000) // four minutes of virtual time, in a few ms
    // #endregion
  })

  it('runScheduled', async () => {
    // #region run-scheduled
    const run = await runScheduled(Source.range(1, 100).map((x) => x * 2), [{ request: 2 }, { pause: 50 }, { request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([2, 4, 6])
    expect(run.outcome).toBe('cancelled')
    expect(run.violations).toEqual([]) // nothing beyond demand, nothing after cancel
    // #endregion
  })

  // #region properties
  const keepPositive = Flow.create<number>().filter((x) => x > 0)

  it('filter keeps the demand contract', () => demandInvariant(keepPositive, { input: elements(fc.integer()), numRuns: 100 }))

  it('filter behaves like Array.filter', () =>
    equivalentTo(keepPositive, (xs) => xs.filter((x) => x > 0), { input: elements(fc.integer()), numRuns: 100 }))

  it('map fails with the error its function throws', async () => {
    const boom = failingAt(3) // throws on the 3rd call
    const run = await runScheduled(Source.from([1, 2, 3, 4]).map(boom.fn((x: number) => x * 10)), [{ request: 10 }])
    expect(run.elements).toEqual([10, 20])
    expect(run.outcome).toBe('failed')
    expect(run.error).toBe(boom.error)
  })
  // #endregion

  it('custom schedules', async () => {
    // #region custom-schedules
    await fc.assert(
      fc.asyncProperty(elements(fc.string(), { maxLength: 10 }), demandSchedule({ cancel: 'never', maxPause: 0 }), async (xs, schedule) => {
        const run = await runScheduled(Source.from(xs).map((s) => s.length), schedule)
        expect(run.outcome).toBe('completed')
        expect(run.elements).toEqual(xs.map((s) => s.length))
      }),
      { numRuns: 50 },
    )
    // #endregion
  })
})

// #region tck
registerWithVitest(
  verifyPublisher<number>({
    createPublisher: (n) => Source.range(0, n).runWith(Sink.asPublisher<number>()),
    createFailedPublisher: () => Source.failed<number>(new Error('down')).runWith(Sink.asPublisher<number>()),
  }),
  { title: 'my Publisher obeys Reactive Streams' },
)
registerWithVitest(verifyProcessor<number>({ createProcessor: () => Flow.create<number>().toProcessor().run() }), {
  title: 'my Processor obeys Reactive Streams',
})
// #endregion

describe('docs/testing.md is in sync', () => {
  it('shows each region of this file verbatim', () => {
    const page = readFileSync(new URL('../../docs/testing.md', import.meta.url), 'utf8')
    const source = readFileSync(new URL(import.meta.url), 'utf8')
    const regions = [...source.matchAll(/^( *)\/\/ #region ([\w-]+)\n([\s\S]*?)^ *\/\/ #endregion/gm)]
    expect(regions.length).toBeGreaterThan(5)
    for (const [, indent, name, body] of regions) {
      const code = body!
        .split('\n')
        .map((line) => (line.startsWith(indent!) ? line.slice(indent!.length) : line))
        .join('\n')
        .trimEnd()
      const marker = `<!-- example: ${name} -->\n\`\`\`ts\n`
      const at = page.indexOf(marker)
      expect(at, `docs/testing.md has no example '${name}'`).toBeGreaterThanOrEqual(0)
      const shown = page.slice(at + marker.length, page.indexOf('\n```', at + marker.length))
      expect(shown, `example '${name}' differs from test/docs/testing.examples.test.ts`).toBe(code)
    }
  })
})
