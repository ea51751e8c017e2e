/**
 * The runtime-speed scenarios of issue 11, shared by every library's case file in this folder:
 * their ids, titles and sizes, the generator S3 reads and the host tick its consumer awaits.
 * Each library's file (`plain-loop.case.ts`, `sluice.case.ts`, `rxjs.case.ts`, ...) imports only
 * its own library, so a child process loads nothing else.
 */

/** range(1e6) -> map(x*2) -> filter(x%3==0) -> scan(+) -> last. */
export const S1 = { scenario: 'S1', title: 'range(1e6) -> map(x*2) -> filter(x%3==0) -> scan(+) -> last', n: 1_000_000 } as const

/** S1 again, timed after the same process ran a dozen other pipeline shapes through the library. */
export const S1_BUSY = { scenario: 'S1.busy', title: 'S1 after a dozen other shapes (take, drop, zip, merge, ...) ran in the process' } as const

/** 1e5 elements through an async map whose function returns an already-resolved Promise, then a sum. */
export const S2_P1 = { scenario: 'S2.p1', title: '1e5 x mapAsync(1, resolved Promise) -> fold', n: 100_000, parallelism: 1 } as const

/** S2 with up to 8 Promises in flight. */
export const S2_P8 = { scenario: 'S2.p8', title: '1e5 x mapAsync(8, resolved Promise) -> fold', n: 100_000, parallelism: 8 } as const

/** 2e5 chunks of 1 KiB from a generator; the consumer awaits a `setImmediate` per chunk. */
export const S3 = { scenario: 'S3', title: '2e5 x 1 KiB from a generator, consumer awaits setImmediate each', n: 200_000, size: 1024 } as const

/** Four synchronous ranges of 250k merged, then a sum. */
export const S4 = { scenario: 'S4', title: '4 synchronous ranges of 250k -> merge -> fold', sources: 4, each: 250_000 } as const

/** range(1e6) in groups of 100, each group summed, the sums summed. */
export const S5 = { scenario: 'S5', title: 'range(1e6) -> grouped(100) -> map(sum) -> fold', n: 1_000_000, size: 100 } as const

/** Elements of each warm-up shape in the S1.busy setup, and how many rounds of the dozen shapes it runs. */
export const BUSY = { n: 10_000, rounds: 5 } as const

/** S2's function: the element, in an already-resolved Promise. */
export const resolved = (x: number): Promise<number> => Promise.resolve(x)

/** S3's source: a fresh 1 KiB chunk per element, every byte of chunk `i` set to `i % 256`. */
export function* chunks(): Generator<Uint8Array> {
  for (let i = 0; i < S3.n; i++) yield new Uint8Array(S3.size).fill(i & 255)
}

/** S3's consumer step: what one chunk adds to the checksum. */
export const chunkValue = (chunk: Uint8Array): number => chunk[S3.size - 1]! + 1

/** S3's consumer wait: one turn of the host's check phase. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Adds two numbers: the fold of S2, S4 and S5. */
export const add = (a: number, b: number): number => a + b
