import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, KillSwitches, Sink, Source } from '../../../src/index.js'
import { onComplete } from '../../../src/operators/sink/onComplete.js'
import { expectBuildError, ints, probeSink, RUNS, tracked } from '../../support/operators.js'

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('onComplete', () => {
  describe('demand', () => {
    it('pulls one element at a time and calls back exactly once, whatever the stream does', async () => {
      await fc.assert(
        fc.asyncProperty(ints(20), fc.boolean(), async (xs, fails) => {
          const results: PromiseSettledResult<void>[] = []
          const boom = new Error('end')
          const [up] = probeSink(onComplete((r) => results.push(r)))
          for (const x of xs) {
            await up.expectRequest()
            up.sendNext(x)
          }
          await up.expectRequest()
          if (fails) up.sendError(boom)
          else up.sendComplete()
          await settle()
          expect(results).toEqual([fails ? { status: 'rejected', reason: boom } : { status: 'fulfilled', value: undefined }])
        }),
        { numRuns: RUNS / 5 },
      )
    })
  })

  describe('model', () => {
    it('consumes the whole input, like Array.forEach with nothing to do, then reports fulfilled', async () => {
      await fc.assert(
        fc.asyncProperty(ints(50), async (xs) => {
          const { source, tracking } = tracked(xs)
          const results: string[] = []
          source.runWith(Sink.onComplete((r) => results.push(r.status)))
          await settle()
          expect(tracking.emitted).toBe(xs.length)
          expect(results).toEqual(['fulfilled'])
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('reports an empty stream as fulfilled', async () => {
      const results: string[] = []
      const [up] = probeSink(onComplete((r) => results.push(r.status)))
      up.sendComplete()
      await settle()
      expect(results).toEqual(['fulfilled'])
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => onComplete(null as never), TypeError, 'onComplete(callback): expected a function, got null')
      expectBuildError(() => Sink.onComplete(7 as never), TypeError, 'onComplete(callback): expected a function, got 7')
    })

    it('reports a kill switch shutdown as fulfilled and an abort as rejected with its error', async () => {
      const results: PromiseSettledResult<void>[] = []
      const graph = Source.never<number>().viaMat(KillSwitches.single<number>(), Keep.right).to(Sink.onComplete((r) => results.push(r)))
      graph.run().shutdown()
      const boom = new Error('aborted')
      graph.run().abort(boom)
      await settle()
      expect(results).toEqual([
        { status: 'fulfilled', value: undefined },
        { status: 'rejected', reason: boom },
      ])
    })

    it('calls back after upstream has been stopped, and a throwing callback does not call again', async () => {
      const { source, tracking } = tracked([1, 2])
      let calls = 0
      const finallyAtCall: boolean[] = []
      const unhandled: unknown[] = []
      source.runWith(
        Sink.onComplete(() => {
          calls++
          finallyAtCall.push(tracking.finallyRan)
          throw new Error('callback failed')
        }),
        { onUnhandledError: (e) => unhandled.push(e) },
      )
      await settle()
      expect(calls).toBe(1)
      expect(finallyAtCall).toEqual([true])
      expect(unhandled.map(String)).toEqual(['Error: callback failed'])
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      done.source.runWith(Sink.onComplete(() => {}))
      await settle()
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      const results: string[] = []
      failing.source.runWith(Sink.onComplete((r) => results.push(r.status)))
      await settle()
      expect(failing.tracking.finallyRan).toBe(true)
      expect(results).toEqual(['rejected'])
    })
  })
})
