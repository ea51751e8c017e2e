import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../../../src/index.js'
import { runScheduled, TestSink, TestSource } from '../../../../src/testkit/index.js'
import { expectClean, ints, RUNS } from '../../../support/operators.js'
import { sorted } from '../../../support/substreams.js'

describe('SubSourceOutlet (substreams fed by their parent stage)', () => {
  it('feeds substreams that run behind an async boundary, in another interpreter', async () => {
    await fc.assert(
      fc.asyncProperty(ints(30), async (input) => {
        const run = await runScheduled(
          Source.from(input).groupBy(2, (x) => x & 1).via(Flow.create<number>().async({ bufferSize: 2 }).map((x) => x * 3)).mergeSubstreams(),
          [{ request: 1 }, { request: 1e6 }],
        )
        expectClean(run, 'completed')
        expect(sorted(run.elements)).toEqual(sorted(input.map((x) => x * 3)))
      }),
      { numRuns: RUNS / 2 },
    )
  })

  it('feeds a tail run by another run() one element per pull', async () => {
    const [up, pair] = TestSource.probe<number>().prefixAndTail(1).toMat(Sink.head(), Keep.both).run()
    up.sendNext(1)
    const [, tail] = await pair
    const down = tail.runWith(TestSink.probe<number>())
    down.request(1)
    up.sendNext(2)
    await down.expectNext(2)
    await down.expectNoMessage(10)
    down.request(1)
    up.sendNext(3).sendComplete()
    await down.expectNext(3)
    await down.expectComplete()
  })

  it('fails a running tail when upstream fails, and cancels upstream when the tail is cancelled', async () => {
    const [up, pair] = TestSource.probe<number>().prefixAndTail(0).toMat(Sink.head(), Keep.both).run()
    const [, tail] = await pair
    const down = tail.runWith(TestSink.probe<number>())
    down.request(1)
    up.sendError(new Error('parent failed'))
    await down.expectError(/parent failed/)

    const [up2, pair2] = TestSource.probe<number>().prefixAndTail(0).toMat(Sink.head(), Keep.both).run()
    const [, tail2] = await pair2
    const down2 = tail2.runWith(TestSink.probe<number>())
    down2.request(1)
    up2.sendNext(7)
    await down2.expectNext(7)
    down2.cancel()
    await up2.expectCancellation()
  })
})
