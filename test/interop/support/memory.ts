/**
 * Memory measurement for the bounded-memory tests: live memory is `heapUsed + arrayBuffers`
 * (Buffers live outside the JS heap), measured after a full GC when one can be forced.
 */
// Loaded lazily: the web-stream test files that use this also run in the browser suite (where
// the memory tests themselves are left out by name and these modules do not exist).
const nodeV8 = await import('node:v8').catch(() => undefined)
const nodeVm = await import('node:vm').catch(() => undefined)

type Gc = () => void

function findGc(): Gc | undefined {
  const g = (globalThis as { gc?: Gc }).gc
  if (typeof g === 'function') return g
  // vitest workers do not run with --expose-gc; the flag can still be set at run time, and a
  // fresh context then exposes `gc`.
  try {
    nodeV8!.setFlagsFromString('--expose-gc')
    const fromContext = nodeVm!.runInNewContext('gc') as unknown
    return typeof fromContext === 'function' ? (fromContext as Gc) : undefined
  } catch {
    return undefined
  }
}

const gc = findGc()

/** True when samples are taken after a forced GC (otherwise they include garbage not yet collected). */
export const forcedGc = gc !== undefined

function live(): number {
  // Two full GCs: ArrayBuffers freed by the first are swept concurrently, so `arrayBuffers` lags
  // behind it by tens of MB; after the second the figure is exact (measured: noise of 2-37 MB
  // with one GC, under 1 MB with two).
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** Tracks the peak of live memory over a run, relative to where it started. */
export class MemoryProbe {
  readonly baseline: number
  private peak: number
  samples = 0
  constructor() {
    this.baseline = live()
    this.peak = this.baseline
  }
  /** Takes one sample. */
  sample(): void {
    this.samples++
    const now = live()
    if (now > this.peak) this.peak = now
  }
  /** Highest live memory seen above the baseline, in MB. */
  get growthMb(): number {
    return (this.peak - this.baseline) / (1024 * 1024)
  }
}

export const MB = 1024 * 1024
