import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { concatLazy } from '../../../src/operators/fan-in/concatLazy.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
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

describe('concatLazy', () => {
  // 1. demand
  it('keeps the demand contract; the lazy input is stopped exactly when it was materialized', () => lazyLaw((a, b) => a.concatLazy(b), (a, b) => [...a, ...b]))

  // 2. model
  it('emits the first input, then the second (Array concat)', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), inputSpecs(smallInts), async (a, b) => {
        const run = await runScheduled(input(a).source.via(concatLazy(input(b).source)), [{ request: 1e6 }])
        expect(run.elements).toEqual([...a.elements, ...b.elements])
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('materializes the second input only once the first has completed and downstream asks', async () => {
    let materialized = 0
    const second = Source.lazySingle(() => 3).mapMaterializedValue(() => void materialized++)
    const first = input({ elements: [1, 2], end: 'never' })
    const run = await runScheduled(first.source.concatLazy(second), [{ request: 5 }])
    expect(run.elements).toEqual([1, 2])
    expect(materialized).toBe(0)
    expect(await Source.from([1]).concatLazy(second).runCollect()).toEqual([1, 3])
    expect(materialized).toBe(1)
  })

  it('never materializes the second input when downstream cancels first, and handles empty inputs', async () => {
    let materialized = 0
    const second = Source.single(9).mapMaterializedValue(() => void materialized++)
    expect(await Source.from([1, 2]).concatLazy(second).take(2).runCollect()).toEqual([1, 2])
    expect(materialized).toBe(0)
    expect(await Source.empty<number>().concatLazy(Source.empty()).runCollect()).toEqual([])
    expect(await Source.empty<number>().concatLazy(Source.from([1])).runCollect()).toEqual([1])
  })

  it('fails when the first input fails (the second is never materialized), or when the second fails', async () => {
    const boom = new Error('boom')
    let materialized = 0
    const second = Source.single(9).mapMaterializedValue(() => void materialized++)
    expect(await Source.failed<number>(boom).concatLazy(second).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(materialized).toBe(0)
    expect(await Source.single(1).concatLazy(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('cancels both inputs when downstream cancels during the second', async () => {
    const a = input([1])
    const b = input({ elements: [2, 3], end: 'never' })
    const run = await runScheduled(a.source.concatLazy(b.source), [{ request: 2 }, { cancel: true }])
    expect(run.elements).toEqual([1, 2])
    expect(b.stats.cancelled).toBe(true)
  })

  // 4. cleanup
  it('stops both inputs after completion', async () => {
    const a = input({ elements: [1], delays: [3] })
    const b = input({ elements: [2], delays: [4] })
    const run = await runScheduled(a.source.concatLazy(b.source), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expect(run.pendingTimers).toBe(0)
    expectInputsRespected([a.stats, b.stats])
  })
})
