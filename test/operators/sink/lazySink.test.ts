import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import type { SinkGraph } from '../../../src/core/Graph.js'
import { lazySink } from '../../../src/operators/sink/lazySink.js'
import { NeverMaterializedError } from '../../../src/operators/sink/NeverMaterializedError.js'
import { lazySinkLaws } from './internal/lazySinkLaws.js'
import { expectBuildError, probeSink } from '../../support/operators.js'

const make = (inner: () => SinkGraph<number, Promise<number[]>>) => lazySink(inner)

describe('lazySink', () => {
  lazySinkLaws(make, (boom) => lazySink<number, unknown>(() => {
    throw boom
  }))

  describe('edges', () => {
    it('rejects with NeverMaterializedError for an empty stream, without creating the sink', async () => {
      let created = 0
      const [up, mat] = probeSink(make(() => (created++, Sink.collect<number>())))
      up.sendComplete()
      const err = await mat.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(NeverMaterializedError)
      expect((err as Error).message).toBe('lazySink: the stream completed before the first element, so the sink was never created')
      expect(created).toBe(0)
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => lazySink(null as never), TypeError, 'lazySink(factory): expected a function, got null')
      expectBuildError(() => Sink.lazySink(3 as never), TypeError, 'lazySink(factory): expected a function, got 3')
    })

    it('calls the factory once per run, only when the first element arrives', async () => {
      let created = 0
      const sink = lazySink(() => (created++, Sink.collect<number>()))
      const [up, mat] = probeSink(sink)
      await up.expectRequest()
      expect(created).toBe(0)
      up.sendNext(1).sendComplete()
      expect(await (await mat)).toEqual([1])
      expect(created).toBe(1)
      await Source.range(1, 2).runWith(sink)
      expect(created).toBe(2)
    })

    it('fails the stream when the factory returns something that is not a sink', async () => {
      const err = await Source.single(1).runWith(lazySink(() => 42 as never)).catch((e: unknown) => e)
      expect(String(err)).toBe('TypeError: lazySink: expected a Sink from the factory, got 42')
    })

  })

})
