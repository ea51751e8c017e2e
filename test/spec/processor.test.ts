/**
 * `Flow.toProcessor()`: the Processor as a whole (its two sides are covered by the Publisher
 * and Subscriber contract suites).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SpecViolationError } from '../../src/index.js'
import { Flow, Sink, Source } from '../../src/index.js'
import { RecordingSubscriber, settle } from '../support/spec.js'

describe('Flow.toProcessor', () => {
  it('passes every element through the flow, in order (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 100 }), async (elements) => {
        const processor = Flow.create<number>().map((x) => x * 2).filter((x) => x % 3 !== 0).toProcessor().run()
        Source.from(elements).runWith(Sink.fromSubscriber(processor))
        expect(await Source.fromPublisher(processor).runCollect()).toEqual(elements.map((x) => x * 2).filter((x) => x % 3 !== 0))
      }),
      { numRuns: 50 },
    )
  })

  it('runs independently each time the blueprint is run', async () => {
    const blueprint = Flow.create<number>().scan(0, (a, x) => a + x).toProcessor()
    const p1 = blueprint.run()
    const p2 = blueprint.run()
    expect(p1).not.toBe(p2)
    Source.from([1, 2, 3]).runWith(Sink.fromSubscriber(p1))
    Source.from([10, 20]).runWith(Sink.fromSubscriber(p2))
    const [r1, r2] = await Promise.all([Source.fromPublisher(p1).runCollect(), Source.fromPublisher(p2).runCollect()])
    expect(r1).toEqual([0, 1, 3, 6])
    expect(r2).toEqual([0, 10, 30])
  })

  // Upstream errors, cancellation and a failing flow are covered by test/dsl/toProcessor.test.ts.

  it('refuses a second Subscriber on its Publisher side (§1.10)', async () => {
    const processor = Flow.create<number>().toProcessor().run()
    const a = new RecordingSubscriber<number>()
    const b = new RecordingSubscriber<number>()
    processor.subscribe(a)
    processor.subscribe(b)
    await settle()
    expect((b.error as SpecViolationError).rule).toBe('1.10')
    expect(a.terminal).toBeUndefined()
  })
})
