import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectInputsRespected, expectPrefixModel, input, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('prepend', () => {
  // 1. demand  2. model
  it('keeps the demand contract and emits the other input first', () =>
    twoInputLaw((a, b) => a.prepend(b), smallInts, smallInts, (run, a, b) => expectPrefixModel(run, [...b.elements, ...a.elements])))

  // 3. edges
  it('does not pull this stream before the prepended one has completed', async () => {
    const main = input([3])
    const first = input({ elements: [1, 2], end: 'never' })
    const run = await runScheduled(main.source.prepend(first.source), [{ request: 5 }])
    expect(run.elements).toEqual([1, 2])
    expect(main.stats.pulls).toBe(0)
  })

  it('handles empty inputs and failures', async () => {
    expect(await Source.from([2]).prepend(Source.empty()).runCollect()).toEqual([2])
    const boom = new Error('boom')
    expect(await Source.from([2]).prepend(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops both inputs after a cancel', async () => {
    const a = input({ elements: [3], end: 'never' })
    const b = input({ elements: [1, 2], end: 'never' })
    const run = await runScheduled(a.source.prepend(b.source), [{ request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([1])
    expectInputsRespected([a.stats, b.stats])
  })
})
