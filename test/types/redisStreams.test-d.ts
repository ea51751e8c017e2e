import type { Redis } from 'ioredis'
import { expectTypeOf, test } from 'vitest'
import { Keep, type Source } from '../../src/index.js'
import { RedisStreams, type ConsumerControl, type RedisStreamEnvelope } from '../../src/brokers/redis-streams/index.js'

declare const client: Redis

test('the envelope satisfies the projection source contract', () => {
  expectTypeOf<RedisStreamEnvelope>().toMatchTypeOf<{ readonly offset: string | number; readonly occurredAt?: Date; ack(): Promise<void> }>()
})

test('decode types the payload; the source materializes its control', () => {
  const source = RedisStreams.consumerGroupSource({ client, stream: 's', group: 'g', consumer: 'c', decode: (f) => ({ n: Number(f.n) }) })
  expectTypeOf(source).toEqualTypeOf<Source<RedisStreamEnvelope<{ n: number }>, ConsumerControl>>()
  const [control, done] = source.toMat(RedisStreams.committerSink(), Keep.both).run()
  expectTypeOf(control).toEqualTypeOf<ConsumerControl>()
  expectTypeOf(done).toEqualTypeOf<Promise<void>>()
})

test('the producer takes records of field values, or anything with encode', () => {
  expectTypeOf(RedisStreams.producerSink<{ a: string }>({ client, stream: 's' })).toMatchTypeOf<{ readonly module: unknown }>()
  // @ts-expect-error encode must return field values
  RedisStreams.producerSink<{ a: Date }>({ client, stream: 's', encode: (x) => ({ a: x.a }) })
})
