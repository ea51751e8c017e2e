import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { conflate } from '../../../src/operators/buffer/conflate.js'
import { demandInvariant } from '../../../src/testkit/index.js'
import { runTimed, timed } from '../../support/timed.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { BatchModel, checkAgainstModel, scripts } from '../../support/probeModel.js'

describe('conflate', () => {
  it('keeps the demand contract', () => demandInvariant(() => conflate((a: number, b: number) => a + b), { input: ints(), numRuns: RUNS }))

  it('loses nothing: the sums add up to the sum of the input', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const out = await Source.from(xs).conflate((a, b) => a + b).runCollect()
        expect(out.reduce((a, b) => a + b, 0)).toBe(xs.reduce((a, b) => a + b, 0))
      }),
      { numRuns: RUNS },
    ))

  it('with a consumer faster than upstream, aggregates nothing (one element each)', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const run = await runTimed(timed(xs.map((x, i) => [i + 1, x] as const), { at: xs.length + 1 }).via(conflate((a: number, b: number) => a + b)))
        expect(run.elements).toEqual(xs)
      }),
      { numRuns: RUNS },
    ))

  it('combines what arrives while downstream is busy and never backpressures (model)', () =>
    fc.assert(
      fc.asyncProperty(scripts(), async (script) => {
        // conflate is a batch that never fills up: the model groups, the stage sums
        const groups = new BatchModel(Infinity, () => 1)
        const sum = (g: number[]): number => g.reduce((s, x) => s + x, 0)
        const model = {
          get out() {
            return groups.out.map(sum)
          },
          failed: false,
          upstreamPulled: () => groups.upstreamPulled(),
          send: (x: number) => groups.send(x),
          request: () => groups.request(),
          drain: () => groups.drain().map(sum),
        }
        await checkAgainstModel(conflate((a: number, b: number) => a + b), model, script)
      }),
      { numRuns: RUNS },
    ))

  it('rejects a bad argument at build time', () => {
    expectBuildError(() => conflate(7 as never), TypeError, 'conflate(aggregate): expected a function, got 7')
  })

  it('completes an empty stream, and emits the aggregate before completing', async () => {
    expect(await Source.empty<number>().conflate((a, b) => a + b).runCollect()).toEqual([])
    const [src, sink] = probeFlow(Flow.create<number>().conflate((a, b) => a + b))
    src.sendNext(1).sendNext(2).sendNext(3).sendComplete()
    await sink.expectNoMessage(10)
    sink.request(2)
    await sink.expectNext(6)
    await sink.expectComplete()
  })

  it('fails when aggregate throws, and with an upstream failure', async () => {
    const boom = new Error('boom')
    const [src, sink] = probeFlow(Flow.create<number>().conflate(() => { throw boom }))
    src.sendNext(1).sendNext(2)
    expect(await sink.expectError()).toBe(boom)
    expect(await Source.failed<number>(boom).conflate((a, b) => a + b).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => conflate((a: number, b: number) => a + b), [1, 2, 3]))
})
