/** Stack depth does not grow with the number of stages: chains of 2,000 stages run. */
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../src/index.js'

const STAGES = 2000

describe('a deep chain of stages', () => {
  it(`runs ${STAGES} map stages without a stack overflow`, async () => {
    let source: Source<number> = Source.range(0, 200)
    for (let i = 0; i < STAGES; i++) source = source.map((x) => x + 1)
    const out = await source.runCollect()
    expect(out).toHaveLength(200)
    expect(out[0]).toBe(STAGES)
    expect(out[199]).toBe(199 + STAGES)
  })

  it(`runs ${STAGES} stages that answer pulls themselves (scan) without a stack overflow`, async () => {
    let flow: Flow<number, number> = Flow.create<number>()
    for (let i = 0; i < STAGES; i++) flow = flow.scan(0, (_acc, x: number) => x)
    // each scan emits its zero first, so stage k adds k+1 leading zeros
    const out = await Source.range(1, 50).via(flow).runCollect()
    expect(out).toHaveLength(50 + STAGES)
    expect(out.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  })

  it(`completes and cancels through ${STAGES} stages`, async () => {
    let source: Source<number> = Source.repeat(1)
    for (let i = 0; i < STAGES; i++) source = source.map((x) => x)
    expect(await source.take(3).runCollect()).toEqual([1, 1, 1])
  })

  it(`fails through ${STAGES} stages with the original error`, async () => {
    const boom = new Error('boom')
    let source: Source<number> = Source.range(0, 10).map((x) => {
      if (x === 5) throw boom
      return x
    })
    for (let i = 0; i < STAGES; i++) source = source.map((x) => x)
    await expect(source.runCollect()).rejects.toBe(boom)
  })
})
