import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { concatAllLazy } from '../../../src/operators/fan-in/concatAllLazy.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, expectPrefixModel, input, inputSpecs, RUNS, smallInts} from '../../support/graphs.js'

/** The demand law with a lazily attached second input: it must be stopped exactly when it was materialized. */
async function lazyLaw(build: (a: Source<number>, b: Source<number>) => Source<number>, model: (a: readonly number[], b: readonly number[]) => number[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(inputSpecs(smallInts), inputSpecs(smallInts), demandSchedule(), async (specA, specB, schedule) => {
      const a = input(specA)
      const b = input(specB)
      let materialized = false
      const run = await runScheduled(build(a.source, b.source.mapMaterializedValue(() => void (materialized = true))), schedule)
      expect(run.violations).toEqual([])
      expect(run.outcome).not.toBe('stalled')
      expect(run.pendingTimers).toBe(0)
      expectInputsRespected([a.stats])
      expectInputsRespected([b.stats], { stopped: false })
      expect(b.stats.stopped).toBe(materialized)
      expectPrefixModel(run, model(specA.elements, specB.elements))
    }),
    { numRuns: RUNS },
  )
}

describe('concatAllLazy', () => {
  // 1. demand
  it('keeps the demand contract; the lazy input is stopped exactly when it was materialized', () => lazyLaw((a, b) => a.concatAllLazy(b, Source.from([100, 101])), (a, b) => [...a, ...b, 100, 101]))

  // 2. model
  it('emits every input in turn (Array concat of all)', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), fc.array(inputSpecs(smallInts), { maxLength: 4 }), async (first, rest) => {
        const run = await runScheduled(input(first).source.via(concatAllLazy(...rest.map((s) => input(s).source))), [{ request: 1e6 }])
        expect(run.elements).toEqual([first, ...rest].flatMap((s) => [...s.elements]))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects what is not a source at build time, and works with no others', async () => {
    expectBuildError(() => concatAllLazy(Source.single(1), null as never), TypeError, 'concatAllLazy(others): expected a Source at position 1, got null')
    expect(await Source.from([1, 2]).concatAllLazy().runCollect()).toEqual([1, 2])
  })

  it('materializes each input only when its turn comes', async () => {
    const made: number[] = []
    const s = (n: number) => Source.single(n).mapMaterializedValue(() => void made.push(n))
    expect(await Source.single(0).concatAllLazy(s(1), s(2), s(3)).take(2).runCollect()).toEqual([0, 1])
    expect(made).toEqual([1])
  })

  it('fails when an input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.single(1).concatAllLazy(Source.empty(), Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops every input after completion and after cancel', async () => {
    const a = input({ elements: [1], delays: [3] })
    const b = input({ elements: [2], delays: [4] })
    const c = input([3])
    const run = await runScheduled(a.source.concatAllLazy(b.source, c.source), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expectInputsRespected([a.stats, b.stats, c.stats])
    const d = input({ elements: [1, 2], end: 'never' })
    const cancelled = await runScheduled(d.source.concatAllLazy(Source.single(5)), [{ request: 1 }, { cancel: true }])
    expect(cancelled.outcome).toBe('cancelled')
    expect(d.stats.cancelled).toBe(true)
  })
})
