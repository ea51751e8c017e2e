import { expect, it } from 'vitest'
import { RedisStreams, type RedisStreamEnvelope } from '../../src/brokers/redis-streams/index.js'
import { InMemoryOffsetStore, Projection, ProjectionId, SourceProvider } from '../../src/projection/index.js'
import { adminClient, describeRedis, nextKey } from '../brokers/redis-streams/redis.js'

describeRedis('a projection over a Redis Streams consumer group (the broker source contract)', (url) => {
  it('saves the entry ids as offsets and acknowledges each entry only after its offset is saved', async () => {
    const admin = await adminClient(url)
    const stream = nextKey('proj')
    try {
      for (let n = 1; n <= 30; n++) await admin.xadd(stream, '*', 'room', `room-${n % 3}`, 'n', String(n))
      const offsets = new InMemoryOffsetStore()
      const counts = new Map<string, number>()
      const control = Projection.atLeastOnce<RedisStreamEnvelope<Record<string, string>>>({
        id: ProjectionId.of('redis-rooms'),
        sourceProvider: SourceProvider.fromSource(() =>
          RedisStreams.consumerGroupSource({ connection: url, stream, group: 'projection', consumer: 'p-1', createGroup: true, startId: '0', blockMs: 50 }),
        ),
        offsetStore: offsets,
        saveOffset: { afterEnvelopes: 10, afterDuration: '20ms' },
        handler: (e) => void counts.set(e.fields.room!, (counts.get(e.fields.room!) ?? 0) + 1),
      }).run()
      const deadline = Date.now() + 10_000
      while ([...counts.values()].reduce((a, b) => a + b, 0) < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      await control.whenCaughtUp()
      await control.stop()
      expect(counts).toEqual(new Map([['room-1', 10], ['room-2', 10], ['room-0', 10]]))
      const saved = await offsets.load(ProjectionId.of('redis-rooms'))
      const lastId = ((await admin.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]![0]
      expect(saved.offset).toBe(lastId)
      const pending = (await admin.xpending(stream, 'projection')) as [number]
      expect(pending[0]).toBe(0) // every entry acknowledged once its offset was saved
    } finally {
      await admin.del(stream)
      admin.disconnect()
    }
  }, 30_000)
})
