/**
 * The fusion law: a chain of map/filter/filterMap stages without attributes runs as one stage
 * (src/core/FusedStage.ts), and the output is element for element what the unfused chain gives.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Source, type FlowGraph } from '../../src/index.js'
import { demandInvariant } from '../../src/testkit/index.js'

type Op = { readonly kind: 'map'; readonly k: number } | { readonly kind: 'filter'; readonly m: number } | { readonly kind: 'filterMap'; readonly m: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), k: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('filter' as const), m: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('filterMap' as const), m: fc.integer({ min: 1, max: 4 }) }),
)

function build(ops: readonly Op[], named: boolean): FlowGraph<number, number, unknown> {
  let flow = Flow.create<number>()
  ops.forEach((o, i) => {
    const step =
      o.kind === 'map'
        ? Flow.create<number>().map((x) => x * 2 + o.k)
        : o.kind === 'filter'
          ? Flow.create<number>().filter((x) => x % o.m !== 0)
          : Flow.create<number>().filterMap((x) => (x % o.m === 0 ? undefined : x - 1))
    // a name (an attribute) keeps a stage out of fusion: the reference runs unfused
    flow = flow.via(named ? step.withAttributes({ name: `op${i}`, fuse: false }) : step)
  })
  return flow
}

function model(ops: readonly Op[], xs: readonly number[]): number[] {
  let out = [...xs]
  for (const o of ops) {
    if (o.kind === 'map') out = out.map((x) => x * 2 + o.k)
    else if (o.kind === 'filter') out = out.filter((x) => x % o.m !== 0)
    else out = out.filter((x) => x % o.m !== 0).map((x) => x - 1)
  }
  return out
}

describe('fusion of map/filter/filterMap chains', () => {
  it('gives the same output as the unfused chain and as the Array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }), async (ops, xs) => {
        const fused = await Source.from(xs).via(build(ops, false)).runCollect()
        const unfused = await Source.from(xs).via(build(ops, true)).runCollect()
        expect(fused).toEqual(unfused)
        expect(fused).toEqual(model(ops, xs))
      }),
      { numRuns: 150 },
    )
  })

  it('keeps the demand invariant', () =>
    demandInvariant(build([{ kind: 'map', k: 1 }, { kind: 'filter', m: 3 }, { kind: 'filterMap', m: 5 }], false), {
      input: fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 30 }),
      numRuns: 60,
    }))

  it('reports a failure as raised by the operator that threw, not by the fused stage', async () => {
    const boom = new Error('boom')
    const err = await Source.range(1, 3)
      .map((x) => x + 1)
      .filter(() => {
        throw boom
      })
      .map((x) => x)
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(failedStage(err)?.stage).toBe('filter')
  })

  it('still refuses a map result of undefined, naming the map', async () => {
    const err = await Source.range(1, 2)
      .map(() => undefined as unknown as number)
      .filter(() => true)
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect((err as Error).message).toMatch(/^map\.out: push/)
  })

  it('does not fuse stages that carry attributes (supervision, names)', async () => {
    const seen: string[] = []
    const logger = { debug: (m: string) => seen.push(m), error: (m: string) => seen.push(m) }
    expect(await Source.range(1, 3).map((x) => x * 2).log('mid', { logger }).filter((x) => x > 2).runCollect()).toEqual([4, 6])
    expect(seen).toContain('[mid] element: 2')
  })
})
