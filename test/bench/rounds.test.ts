import { describe, expect, it } from 'vitest'
import type { CaseResult } from '../../bench/harness/CaseResult.js'
import { mergeRounds } from '../../bench/harness/rounds.js'

const base = { group: 'runtime', file: 'x.case.ts', index: 0, scenario: 'S1', title: 't', library: 'sluice', baseline: false } as const

function ok(times: number[], heapMiB?: number): CaseResult {
  const sorted = [...times].sort((a, b) => a - b)
  return {
    ...base,
    status: 'ok',
    timesMs: times,
    minMs: sorted[0]!,
    medianMs: sorted[sorted.length >> 1]!,
    maxMs: sorted[sorted.length - 1]!,
    wallMs: 100,
    loadAverage: 1,
    ...(heapMiB === undefined ? {} : { heapMiB }),
  }
}

describe('mergeRounds', () => {
  it('takes the median of the rounds medians and the extremes of every pass', () => {
    const m = mergeRounds([ok([10, 11, 12]), ok([30, 31, 90]), ok([20, 21, 22], 1)])
    expect(m.medianMs).toBe(21)
    expect(m.minMs).toBe(10)
    expect(m.maxMs).toBe(90)
    expect(m.timesMs).toHaveLength(9)
    expect(m.rounds).toBe(3)
    expect(m.wallMs).toBe(300)
    expect(m.heapMiB).toBe(1)
  })

  it('reports a round that failed instead of hiding it', () => {
    const failed: CaseResult = { ...base, status: 'timeout', reason: 'no result within 60 s', wallMs: 60_000 }
    const m = mergeRounds([ok([1, 2, 3]), failed])
    expect(m.status).toBe('timeout')
    expect(m.reason).toBe('no result within 60 s')
  })

  it('leaves one round as it is and refuses none', () => {
    const one = ok([1, 2, 3])
    expect(mergeRounds([one])).toBe(one)
    expect(() => mergeRounds([])).toThrow(/mergeRounds\(rounds\): expected at least one round/)
  })
})
