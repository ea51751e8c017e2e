import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../src/index.js'

describe('runtime smoke', () => {
  it('runs a fused chain', async () => {
    expect(await Source.range(1, 10).map((x) => x * 2).filter((x) => x % 3 === 0).runCollect()).toEqual([6, 12, 18])
  })
  it('runs across an async boundary with more elements than the buffer', async () => {
    expect(await Source.range(0, 1000).async().map((x) => x + 1).runWith(Sink.last())).toBe(1000)
  })
  it('materializes a processor', async () => {
    const processor = Flow.create<number>().map((x) => x + 1).toProcessor().run()
    Source.range(1, 3).runWith(Sink.fromSubscriber(processor))
    expect(await Source.fromPublisher(processor).runCollect()).toEqual([2, 3, 4])
  })
  it('keeps both materialized values', async () => {
    const [subscriber, done] = Source.asSubscriber<number>().toMat(Sink.collect(), Keep.both).run()
    Source.range(1, 3).runWith(Sink.asPublisher()).subscribe(subscriber)
    expect(await done).toEqual([1, 2, 3])
  })
})
