import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { scan } from '../../../src/operators/simple/scan.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const sum = (acc: number, x: number): number => acc + x
/** The running results, starting with the seed: what scan emits. */
const scanModel = <A, T>(xs: readonly T[], zero: A, f: (acc: A, x: T) => A): A[] => {
  const out = [zero]
  let acc = zero
  for (const x of xs) out.push((acc = f(acc, x)))
  return out
}

describe('scan', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(scan(0, sum), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('emits the seed, then each running result (a prefix when cancelled)', () =>
      equivalentTo(
        () => scan<number, number[]>([], (acc, x) => [...acc, x]),
        (xs) => scanModel(xs, [] as number[], (acc, x) => [...acc, x]),
        { input: ints(), numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('emits only the seed for an empty stream, when asked for it', async () => {
      const [up, down] = probeFlow(scan(100, sum))
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(100)
      await down.expectComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => scan(0, null as never), TypeError, 'scan(f): expected a function, got null')
      expectBuildError(() => Source.single(1).scan(0, 3 as never), TypeError, 'scan(f): expected a function, got 3')
    })

    it('emits the seed without pulling upstream, then one result per element', async () => {
      const [up, down] = probeFlow(scan(0, sum))
      down.request(1)
      await down.expectNext(0)
      await up.expectNoRequest(5)
      down.request(2)
      await up.expectRequest()
      up.sendNext(5)
      await up.expectRequest()
      up.sendNext(6)
      await down.expectNext(5, 11)
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(scan(0, sum))
      down.request(2)
      await down.expectNext(0)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(scan(0, sum))
      down.request(2)
      up.sendNext(1)
      await down.expectNext(0, 1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding once the seed is out', async () => {
      const [up, down] = probeFlow(scan(0, sum))
      down.request(2)
      up.sendNext(1)
      await down.expectNext(0, 1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error f threw, naming scan, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        scan(0, (acc: number, x: number) => {
          if (x === 2) throw boom
          return acc + x
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(0, 1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('scan')
      await up.expectCancellation()
    })

    it('starts from the seed again in each run', async () => {
      const running = Source.from([1, 2, 3]).scan(0, sum)
      expect(await running.runCollect()).toEqual([0, 1, 3, 6])
      expect(await running.runCollect()).toEqual([0, 1, 3, 6])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => scan(0, sum), [1, 2, 3]))
  })
})
