/**
 * The baselines of the runtime scenarios: the same work written as a plain loop, no library.
 */
import type { BenchCase } from '../../harness/BenchCase.js'
import { chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = 'plain loop'

function s1(): number {
  let acc = 0
  let last = 0
  for (let i = 0; i < S1.n; i++) {
    const y = i * 2
    if (y % 3 === 0) {
      acc += y
      last = acc
    }
  }
  return last
}

async function s2(): Promise<number> {
  // With parallelism 8 the plain loop still awaits one at a time: a resolved Promise has no latency to overlap.
  let acc = 0
  for (let i = 0; i < S2_P1.n; i++) acc += await resolved(i)
  return acc
}

async function s3(): Promise<number> {
  let acc = 0
  for (const chunk of chunks()) {
    await tick()
    acc += chunkValue(chunk)
  }
  return acc
}

// S4 reads its four inputs from arrays, interleaved as a merge of equally fast sources emits them
// (a loop over the integers themselves is folded away by the JIT).
function s4Inputs(): number[][] {
  return Array.from({ length: S4.sources }, (_, s) => Array.from({ length: S4.each }, (_, i) => s * S4.each + i))
}

function s4(inputs: number[][]): number {
  let acc = 0
  for (let i = 0; i < S4.each; i++) for (let s = 0; s < S4.sources; s++) acc += inputs[s]![i]!
  return acc
}

function s5(): number {
  let total = 0
  let group: number[] = []
  for (let i = 0; i < S5.n; i++) {
    group.push(i)
    if (group.length === S5.size) {
      let sum = 0
      for (const x of group) sum += x
      total += sum
      group = []
    }
  }
  for (const x of group) total += x
  return total
}

export const cases: BenchCase[] = [
  { ...S1, library, baseline: true, run: s1 },
  { ...S1_BUSY, library, baseline: true, run: s1 },
  { ...S2_P1, library, baseline: true, run: s2 },
  { ...S2_P8, library, baseline: true, run: s2 },
  { ...S3, library, baseline: true, measureHeap: true, run: s3 },
  { ...S4, library, baseline: true, setup: s4Inputs, run: (inputs) => s4(inputs as number[][]) },
  { ...S5, library, baseline: true, run: s5 },
]
