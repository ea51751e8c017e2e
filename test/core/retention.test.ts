import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../src/index.js'

// vitest workers do not run with --expose-gc; the flag can still be set at run time
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

interface Link {
  readonly n: number
  readonly prev?: Link
}

async function collectedAndDropped(build: () => Promise<unknown>): Promise<WeakRef<object>> {
  const result = (await build()) as object
  return new WeakRef(result)
}

async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 5))
    gc()
  }
  return ref.deref() === undefined
}

// The runtime keeps the last few finished runs reachable (ADR 6: V8 keeps their hidden classes);
// what they materialized belongs to the caller and must not be kept with them.
describe('a finished run keeps nothing of its result', () => {
  it('a collected array is garbage once the caller drops it (unfused and fused runs)', async () => {
    const unfused = await collectedAndDropped(() => Source.range(1, 50_000).map((x) => ({ x })).withAttributes({ name: 'kept-apart', fuse: false }).runCollect())
    const fused = await collectedAndDropped(() => Source.range(1, 50_000).map((x) => ({ x })).runCollect())
    expect(await isCollected(unfused)).toBe(true)
    expect(await isCollected(fused)).toBe(true)
  })

  it('a folded value is garbage once the caller drops it', async () => {
    const ref = await collectedAndDropped(() =>
      Source.range(1, 1000)
        .withAttributes({ name: 'unfused', fuse: false })
        .runWith(Sink.fold<number, Link>({ n: 0 }, (prev, n) => ({ n, prev }))),
    )
    expect(await isCollected(ref)).toBe(true)
  })
})

describe('a finished run keeps none of the elements its stages held', () => {
  // Each sink's result (an element or an array of them) must be garbage once the caller drops it,
  // although the run's stages stay reachable for a while (recentRuns).
  const unfused = { name: 'apart', fuse: false } as const
  const cases: [string, () => Promise<unknown>][] = [
    ['takeLast', () => Source.range(1, 1000).map((x) => ({ x })).withAttributes(unfused).runWith(Sink.takeLast(100))],
    ['reduce', () => Source.range(1, 1000).map((x) => ({ x })).withAttributes(unfused).runWith(Sink.reduce((a, b) => ({ x: a.x + b.x })))],
    ['head', () => Source.range(1, 1000).map((x) => ({ x })).withAttributes(unfused).runWith(Sink.head())],
    ['last', () => Source.range(1, 1000).map((x) => ({ x })).withAttributes(unfused).runWith(Sink.last())],
    ['lastOption', () => Source.range(1, 1000).map((x) => ({ x })).withAttributes(unfused).runWith(Sink.lastOption())],
    ['fused last', () => Source.range(1, 1000).map((x) => ({ x })).runWith(Sink.last())],
    ['grouped then last', () => Source.range(1, 1000).map((x) => ({ x })).withAttributes(unfused).grouped(7).withAttributes(unfused).runWith(Sink.last())],
  ]
  for (const [name, build] of cases)
    it(name, async () => {
      const ref = await collectedAndDropped(build)
      expect(await isCollected(ref)).toBe(true)
    })
})
