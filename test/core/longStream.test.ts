/**
 * Stack depth and memory do not grow with the length of a stream: a 10,000,000-element
 * synchronous chain runs with flat heap and no stack overflow.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../src/index.js'

const MB = 1024 * 1024
const run = promisify(execFile)

describe('a long stream', () => {
  it('runs 10,000,000 elements through range -> map -> filter -> fold with flat heap and no stack overflow', async () => {
    // In a child process under plain Node: see fixtures/longStream.ts for why.
    const script = fileURLToPath(new URL('./fixtures/longStream.ts', import.meta.url))
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, '10000000'], { maxBuffer: 1 << 20 })
    const { sum, heap } = JSON.parse(stdout) as { sum: number; heap: number[]; ms: number }
    // sum of 2x over x in [0, N) with 2x divisible by 3, i.e. x = 3k
    const k = Math.ceil(10_000_000 / 3)
    expect(sum).toBe(6 * ((k * (k - 1)) / 2))
    expect(heap).toHaveLength(10)
    // Garbage may come and go between samples; what must not happen is growth with the stream.
    const growth = Math.max(...heap.slice(1)) - heap[0]!
    expect(growth).toBeLessThan(20 * MB)
  }, 30_000)

  it('runs 200,000 elements across an async boundary with flat heap', async () => {
    const heap: number[] = []
    const last = await Source.range(0, 200_000)
      .async()
      .map((x) => {
        if (x % 20_000 === 0) heap.push(process.memoryUsage().heapUsed)
        return x
      })
      .runWith(Sink.last())
    expect(last).toBe(199_999)
    expect(Math.max(...heap.slice(1)) - heap[0]!).toBeLessThan(20 * MB)
  }, 20_000)

  it('completes a long stream without a stack overflow when every stage pushes from onPull', async () => {
    // scan and intersperse answer pulls themselves (no transparent pull path)
    const n = await Source.range(0, 200_000)
      .scan(0, (_, x) => x)
      .intersperse(-1)
      .runFold(0, (acc) => acc + 1)
    expect(n).toBe(200_001 * 2 - 1)
  })
})
