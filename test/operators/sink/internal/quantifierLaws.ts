/**
 * The laws forall, exists and none share (one Quantifier stage runs all three): demand, the
 * Array model, the empty stream, the deciding element, failures and cleanup. Each test file
 * names its operator, its predicate and the Array computation it must equal.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../../src/index.js'
import type { SinkGraph } from '../../../../src/core/Graph.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../../support/operators.js'

export interface Quantifier {
  readonly name: string
  /** The operator (also reached through `Sink.<name>`, which `viaSink` calls). */
  readonly op: (p: (x: number) => boolean) => SinkGraph<number, Promise<boolean>>
  readonly viaSink: (p: (x: number) => boolean) => SinkGraph<number, Promise<boolean>>
  /** The predicate under test; 99 decides the answer, elements below 30 never do. */
  readonly p: (x: number) => boolean
  /** What the Array methods compute for `xs`. */
  readonly model: (xs: number[]) => boolean
  /** Whether `x` settles the answer early. */
  readonly decides: (x: number) => boolean
}

export function quantifierLaws(q: Quantifier): void {
  const { name, op, viaSink, p, model, decides } = q
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => op(p),
        (s) => (s.elements.some(decides) || s.end === 'complete' ? { resolves: model(s.elements) } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('resolves with what the Array method computes', async () => {
      await fc.assert(
        fc.asyncProperty(ints(40), async (xs) => {
          expect(await Source.from(xs).runWith(viaSink(p))).toBe(model(xs))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it(`resolves with ${String(model([]))} for an empty stream`, async () => {
      const [up, result] = probeSink(op(p))
      up.sendComplete()
      expect(await result).toBe(model([]))
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => op(null as never), TypeError, `${name}(p): expected a function, got null`)
      expectBuildError(() => viaSink('p' as never), TypeError, `${name}(p): expected a function, got "p"`)
    })

    it(`resolves with ${String(model([99]))} at the deciding element and cancels upstream without asking for more`, async () => {
      const [up, result] = probeSink(op(p))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(99)
      expect(await result).toBe(model([1, 99]))
      await up.expectCancellation()
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(op(p))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it(`rejects with the error p threw, naming ${name}, and cancels upstream`, async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runWith(
          viaSink((x: number) => {
            if (x === 2) throw boom
            return p(x)
          }),
        )
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe(name)
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, an early answer and failure', async () => {
      const done = tracked([1, 2, 3])
      await done.source.runWith(viaSink(p))
      expect(done.tracking.finallyRan).toBe(true)
      const early = tracked([1, 99, 3])
      expect(await early.source.runWith(viaSink(p))).toBe(model([1, 99]))
      expect(early.tracking.finallyRan).toBe(true)
      expect(early.tracking.emitted).toBe(2)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(viaSink(p))).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
}
