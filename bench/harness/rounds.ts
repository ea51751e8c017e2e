import type { CaseResult } from './CaseResult.js'

/**
 * Merges the results of one case over several rounds (`npm run bench -- --rounds=N`: every
 * selected case runs N times, each time in a fresh process, the rounds one after the other) into
 * one result: `medianMs` is the median of the rounds' medians, `minMs`/`maxMs` the extremes over
 * every pass, `timesMs` every pass of every round. One round that did not end well makes the case
 * fail or time out with that round's reason: a flaky case is reported, not hidden.
 *
 * @example
 * const merged = mergeRounds([roundOne, roundTwo, roundThree]) // medianMs: the middle round's median
 */
export function mergeRounds(rounds: readonly CaseResult[]): CaseResult {
  const first = rounds[0]
  if (first === undefined) throw new RangeError('mergeRounds(rounds): expected at least one round')
  if (rounds.length === 1) return first
  const bad = rounds.find((r) => r.status !== 'ok')
  const wallMs = rounds.reduce((a, r) => a + r.wallMs, 0)
  const loads = rounds.flatMap((r) => (r.loadAverage === undefined ? [] : [r.loadAverage]))
  const loadAverage = loads.length === 0 ? undefined : Math.max(...loads)
  if (bad !== undefined) return { ...bad, wallMs, rounds: rounds.length, ...(loadAverage === undefined ? {} : { loadAverage }) }
  const times = rounds.flatMap((r) => r.timesMs ?? [])
  const heaps = rounds.flatMap((r) => (r.heapMiB === undefined ? [] : [r.heapMiB]))
  return {
    ...first,
    timesMs: times,
    minMs: Math.min(...times),
    medianMs: median(rounds.map((r) => r.medianMs!)),
    maxMs: Math.max(...times),
    ...(heaps.length === 0 ? {} : { heapMiB: median(heaps) }),
    wallMs,
    rounds: rounds.length,
    ...(loadAverage === undefined ? {} : { loadAverage }),
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
