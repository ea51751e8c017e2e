import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { prependLazy } from '../../../src/operators/fan-in/prependLazy.js'
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

describe('prependLazy', () => {
  // 1. demand
  it('keeps the demand contract; the lazy input is stopped exactly when it was materialized', () => lazyLaw((a, b) => a.prependLazy(b), (a, b) => [...b, ...a]))

  // 2. model
  it('emits the prepended input, then this one (Array concat, reversed)', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), inputSpecs(smallInts), async (a, b) => {
        const run = await runScheduled(input(a).source.via(prependLazy(input(b).source)), [{ request: 1e6 }])
        expect(run.elements).toEqual([...b.elements, ...a.elements])
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('materializes the prepended input only when downstream first asks, and pulls this one after it', async () => {
    let materialized = 0
    const first = input({ elements: [1], end: 'never' })
    const main = input([2])
    const run = await runScheduled(main.source.prependLazy(first.source.mapMaterializedValue(() => void materialized++)), [{ cancel: true }])
    expect(run.outcome).toBe('cancelled')
    expect(materialized).toBe(0)
    const again = input([2])
    const open = input({ elements: [1], end: 'never' })
    const stalled = await runScheduled(again.source.prependLazy(open.source), [{ request: 5 }])
    expect(stalled.elements).toEqual([1])
    expect(again.stats.pulls).toBe(0)
  })

  it('handles empty inputs and fails when either fails', async () => {
    expect(await Source.empty<number>().prependLazy(Source.empty()).runCollect()).toEqual([])
    expect(await Source.from([2]).prependLazy(Source.empty()).runCollect()).toEqual([2])
    const boom = new Error('boom')
    expect(await Source.single(2).prependLazy(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops both inputs after completion', async () => {
    const a = input({ elements: [1], delays: [3] })
    const b = input({ elements: [2], delays: [4] })
    const run = await runScheduled(a.source.prependLazy(b.source), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expect(run.pendingTimers).toBe(0)
    expectInputsRespected([a.stats, b.stats])
  })
})
