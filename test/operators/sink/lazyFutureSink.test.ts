import { describe, expect, it } from 'vitest'
import { Sink } from '../../../src/index.js'
import type { SinkGraph } from '../../../src/core/Graph.js'
import { lazyFutureSink } from '../../../src/operators/sink/lazyFutureSink.js'
import { NeverMaterializedError } from '../../../src/operators/sink/NeverMaterializedError.js'
import { lazySinkLaws } from './internal/lazySinkLaws.js'
import { expectBuildError, probeSink } from '../../support/operators.js'

const make = (inner: () => SinkGraph<number, Promise<number[]>>) => lazyFutureSink(async () => inner())

describe('lazyFutureSink', () => {
  lazySinkLaws(make, (boom) => lazyFutureSink<number, unknown>(() => Promise.reject(boom)))

  describe('edges', () => {
    it('rejects with NeverMaterializedError for an empty stream, without creating the sink', async () => {
      let created = 0
      const [up, mat] = probeSink(make(() => (created++, Sink.collect<number>())))
      up.sendComplete()
      const err = await mat.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(NeverMaterializedError)
      expect((err as Error).message).toBe('lazyFutureSink: the stream completed before the first element, so the sink was never created')
      expect(created).toBe(0)
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => lazyFutureSink(null as never), TypeError, 'lazyFutureSink(factory): expected a function, got null')
      expectBuildError(() => Sink.lazyFutureSink('x' as never), TypeError, 'lazyFutureSink(factory): expected a function, got "x"')
    })

    it('holds the first element and asks for no more while the sink is pending', async () => {
      let resolve: (s: SinkGraph<number, Promise<number[]>>) => void = () => {}
      const [up, mat] = probeSink(lazyFutureSink(() => new Promise<SinkGraph<number, Promise<number[]>>>((r) => (resolve = r))))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectNoRequest(20)
      resolve(Sink.collect<number>())
      await up.expectRequest()
      up.sendNext(2).sendComplete()
      expect(await (await mat)).toEqual([1, 2])
    })

  })

})
