import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, RestartSink, Sink, Source, VirtualScheduler } from '../../../src/index.js'
import { restartSink } from '../../../src/operators/restart/restartSink.js'
import { expectBuildError, ints, probeSink, RUNS } from '../../support/operators.js'

const fast = { minBackoff: 10, maxBackoff: 100, randomFactor: 0 }
const bad = (x: number): boolean => x % 3 === 0

describe('RestartSink', () => {
  describe('model', () => {
    it('restarts the sink after each failure, losing only the element that failed', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (input) => {
          const scheduler = new VirtualScheduler()
          const written: number[] = []
          let opened = 0
          const connection = () => {
            opened++
            return Sink.forEach((x: number) => {
              if (bad(x)) throw new Error(`bad ${x}`)
              written.push(x)
            })
          }
          const done = Source.from(input).watchTermination(Keep.right).to(RestartSink.withBackoff(fast, connection)).run({ scheduler })
          await scheduler.runAll()
          await done
          await scheduler.runAll()
          expect(written).toEqual(input.filter((x) => !bad(x)))
          // a failure on the last element meets a completed upstream: nothing is left to restart for
          expect(opened).toBe(1 + input.slice(0, -1).filter(bad).length)
          expect(scheduler.pendingTimers).toBe(0)
        }),
        { numRuns: RUNS },
      )
    })

    it('backpressures upstream during the backoff', async () => {
      const scheduler = new VirtualScheduler()
      const [up] = probeSink(RestartSink.withBackoff(fast, () => Sink.forEach((x: number) => { if (bad(x)) throw new Error('bad') })), scheduler)
      await up.expectRequest()
      up.sendNext(3)
      await up.expectNoRequest(9) // backing off
      await up.expectRequest() // the new sink asks
    })
  })

  describe('edges', () => {
    it('rejects bad settings at build time', () => {
      expectBuildError(() => restartSink({ ...fast, randomFactor: Infinity }, () => Sink.ignore()), RangeError,
        'RestartSink.withBackoff(settings.randomFactor): expected a finite non-negative number, got Infinity')
    })

    it('cancels upstream once maxRestarts is reached', async () => {
      const [up] = probeSink(RestartSink.withBackoff({ ...fast, maxRestarts: 0 }, () => Sink.cancelled<number>()))
      await up.expectCancellation()
    })

    it('passes an upstream failure to the current sink', async () => {
      const results: Promise<void>[] = []
      const [up] = probeSink(RestartSink.withBackoff(fast, () => Sink.ignore().mapMaterializedValue((p) => { results.push(p) })))
      await up.expectRequest()
      up.sendError(new Error('upstream'))
      await expect(results[0]).rejects.toThrow('upstream')
    })

    it('completes the current sink when upstream completes', async () => {
      const results: Promise<number[]>[] = []
      const [up] = probeSink(RestartSink.withBackoff(fast, () => Sink.collect<number>().mapMaterializedValue((p) => { results.push(p) })))
      up.sendNext(1).sendNext(2).sendComplete()
      expect(await results[0]).toEqual([1, 2])
    })
  })
})
