import { describe, expect, it } from 'vitest'
import { Sink } from '../../../src/index.js'
import type { SinkGraph } from '../../../src/core/Graph.js'
import { futureSink } from '../../../src/operators/sink/futureSink.js'
import { NeverMaterializedError } from '../../../src/operators/sink/NeverMaterializedError.js'
import { lazySinkLaws } from './internal/lazySinkLaws.js'
import { expectBuildError, probeSink } from '../../support/operators.js'

const make = (inner: () => SinkGraph<number, Promise<number[]>>) => futureSink(Promise.resolve(inner()))

describe('futureSink', () => {
  lazySinkLaws(make, (boom) => futureSink<number, unknown>(Promise.reject(boom)))

  describe('edges', () => {
    it('rejects with NeverMaterializedError for an empty stream, (the sink is never run)', async () => {
      let created = 0
      const [up, mat] = probeSink(make(() => (created++, Sink.collect<number>())))
      up.sendComplete()
      const err = await mat.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(NeverMaterializedError)
      expect((err as Error).message).toBe('futureSink: the stream completed before the first element, so the sink was never created')
      expect(created).toBe(1) // the Promise was made when the blueprint was built
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => futureSink(null as never), TypeError, 'futureSink(promise): expected a Promise, got null')
      expectBuildError(() => Sink.futureSink(Sink.ignore() as never), TypeError, 'futureSink(promise): expected a Promise, got object')
    })

    it('waits for the Promise with the first element held, and completes when upstream completes while it is pending', async () => {
      let resolve: (s: SinkGraph<number, Promise<number[]>>) => void = () => {}
      const [up, mat] = probeSink(futureSink(new Promise<SinkGraph<number, Promise<number[]>>>((r) => (resolve = r))))
      await up.expectRequest()
      up.sendNext(1).sendComplete()
      resolve(Sink.collect<number>())
      expect(await (await mat)).toEqual([1])
    })

  })

})
