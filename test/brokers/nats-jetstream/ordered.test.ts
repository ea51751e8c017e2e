import { jetstream, type JetStreamManager } from '@nats-io/jetstream'
import { type NatsConnection } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { Keep, Sink } from '../../../src/index.js'
import { jetStreamOrderedSource, JetStreamNotFoundError } from '../../../src/brokers/nats-jetstream/index.js'
import { describeNats, nextStream, jetStreamSession } from './nats.js'

describeNats('jetStreamOrderedSource', (url) => {
  let nc: NatsConnection
  let jsm: JetStreamManager
  const streams = jetStreamSession(url, (c, m) => {
    nc = c
    jsm = m
  })

  describe('jetStreamOrderedSource', () => {
    it('reads the stream in order from a start sequence, filtered by subject, with fetches sized by demand', async () => {
      const { stream, subject } = nextStream()
      streams.push(stream)
      await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] })
      const js = jetstream(nc)
      for (let i = 1; i <= 30; i++) await js.publish(`${subject}.${i % 2 === 0 ? 'even' : 'odd'}`, String(i))
      const [control, done] = jetStreamOrderedSource({
        connection: nc,
        stream,
        filterSubjects: [`${subject}.even`],
        startSequence: 5,
        batch: 4,
        expiresMs: 1000,
        decode: (d) => Number(new TextDecoder().decode(d)),
      })
        .take(6)
        .toMat(Sink.collect(), Keep.both)
        .run()
      const got = await done
      await control.stopped
      expect(got.map((m) => [m.offset, m.payload])).toEqual([6, 8, 10, 12, 14, 16].map((n) => [n, n]))
      // batch 4: the first fetch asks for 4, then 2 at a time as downstream takes them
      const stats = control.stats()
      expect(stats.requested).toBeLessThanOrEqual(6 + 4)
      expect(stats.delivered).toBeLessThanOrEqual(stats.requested)
    })

    it('fails with JetStreamNotFoundError for a missing stream', async () => {
      const [control, done] = jetStreamOrderedSource({ connection: nc, stream: 'NO_SUCH_STREAM' }).toMat(Sink.ignore(), Keep.both).run()
      await expect(done).rejects.toBeInstanceOf(JetStreamNotFoundError)
      await control.stopped
    })

    it('closes its own connection after shutdown', async () => {
      const { stream, subject } = nextStream()
      streams.push(stream)
      await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] })
      const [control, done] = jetStreamOrderedSource({ connection: { servers: url }, stream, expiresMs: 30_000 }).toMat(Sink.ignore(), Keep.both).run()
      while (control.stats().fetches === 0) await new Promise((r) => setTimeout(r, 10))
      control.shutdown()
      await done
      await control.stopped
      const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
      const named = (h: unknown) => (h as { constructor: { name: string } }).constructor.name
      expect(handles.filter((h) => named(h) === 'Timeout')).toEqual([])
      expect(handles.filter((h) => named(h) === 'Socket' && (h as { remotePort?: number }).remotePort !== undefined).length).toBe(1)
    })

    it('rejects bad options at build time', () => {
      expect(() => jetStreamOrderedSource({ connection: nc, stream: 'S', startSequence: 0 })).toThrow('jetStreamOrderedSource(startSequence): expected a positive integer, got 0')
    })
  })
})
