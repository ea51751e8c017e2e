import { describe, expect, it } from 'vitest'
import { FlowMonitor, Keep, Sink, Source } from '../../../src/index.js'
import { monitor } from '../../../src/operators/lifecycle/monitor.js'
import { demandInvariant, equivalentTo, TestSink, TestSource } from '../../../src/testkit/index.js'
import { flowCleanup, ints, RUNS } from '../../support/operators.js'

describe('monitor', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(monitor<number>(), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('passes elements unchanged', async () => {
      await equivalentTo(monitor<number>(), (xs) => xs, { input: ints(), numRuns: RUNS })
    })

    it('reports initialized, each element received, then finished', async () => {
      const [[up, mon], down] = TestSource.probe<number>().viaMat(monitor<number>(), Keep.both).toMat(TestSink.probe<number>(), Keep.both).run()
      expect(mon).toBeInstanceOf(FlowMonitor)
      expect(mon.state).toEqual({ kind: 'initialized' })
      down.request(2)
      up.sendNext(1)
      await down.expectNext(1)
      expect(mon.state).toEqual({ kind: 'received', value: 1 })
      up.sendNext(2)
      await down.expectNext(2)
      expect(mon.state).toEqual({ kind: 'received', value: 2 })
      up.sendComplete()
      await down.expectComplete()
      expect(mon.state).toEqual({ kind: 'finished' })
    })
  })

  describe('edges', () => {
    it('reports finished when downstream cancels', async () => {
      const [[up, mon], down] = TestSource.probe<number>().viaMat(monitor<number>(), Keep.both).toMat(TestSink.probe<number>(), Keep.both).run()
      down.cancel()
      await up.expectCancellation()
      expect(mon.state).toEqual({ kind: 'finished' })
    })

    it('reports a failure with its error', async () => {
      const boom = new Error('boom')
      const [mon, done] = Source.failed<number>(boom).monitor(Keep.right).toMat(Sink.ignore(), Keep.both).run()
      await expect(done).rejects.toBe(boom)
      expect(mon.state).toEqual({ kind: 'failed', error: boom })
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => monitor<number>(), [1, 2, 3])
    })
  })
})
