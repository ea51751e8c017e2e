import { type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { JetStreamPublishError, jetStreamSink, NatsConnectionError, NatsPayloadTooLargeError } from '../../../src/brokers/nats-jetstream/index.js'
import { describeNats, nextStream, jetStreamSession } from './nats.js'

describeNats('jetStreamSink', (url) => {
  let nc: NatsConnection
  let jsm: JetStreamManager
  const streams = jetStreamSession(url, (c, m) => {
    nc = c
    jsm = m
  })
  async function freshStream(): Promise<{ stream: string; subject: string }> {
    const s = nextStream()
    streams.push(s.stream)
    await jsm.streams.add({ name: s.stream, subjects: [`${s.subject}.>`] })
    return s
  }

  describe('jetStreamSink', () => {
    it('publishes every record, in order with one in flight, and resolves with the PubAck summary', async () => {
      const { stream, subject } = await freshStream()
      const summary = await Source.range(1, 50)
        .map((i) => ({ subject: `${subject}.n`, data: String(i), headers: { Seq: String(i) } }))
        .runWith(jetStreamSink({ connection: nc, maxInFlight: 1 }))
      expect(summary).toEqual({ published: 50, duplicates: 0, retries: 0, lastSequence: 50 })
      const info = await jsm.streams.info(stream)
      expect(info.state.messages).toBe(50)
      const m = await jsm.streams.getMessage(stream, { seq: 7 })
      expect(m?.string()).toBe('7')
      expect(m?.header.get('Seq')).toBe('7')
    })

    it('stores a message once per msgId (Nats-Msg-Id) and counts the duplicates', async () => {
      const { stream, subject } = await freshStream()
      const records = [1, 2, 3, 2, 1, 4].map((i) => ({ subject: `${subject}.n`, data: `v${i}`, msgId: `id-${i}` }))
      const summary = await Source.from(records).runWith(jetStreamSink({ connection: nc, maxInFlight: 1 }))
      expect(summary.published).toBe(6)
      expect(summary.duplicates).toBe(2)
      expect((await jsm.streams.info(stream)).state.messages).toBe(4)
    })

    it('keeps at most maxInFlight publishes awaiting their PubAck', async () => {
      const { subject } = await freshStream()
      const own = await connect({ servers: url })
      try {
        const base = own.stats().inMsgs
        let pulled = 0
        let worst = 0
        const sample = setInterval(() => {
          worst = Math.max(worst, pulled - (own.stats().inMsgs - base))
        }, 0)
        const summary = await Source.range(1, 3000)
          .map((i) => {
            pulled++
            worst = Math.max(worst, pulled - (own.stats().inMsgs - base))
            return { subject: `${subject}.n`, data: String(i) }
          })
          .runWith(jetStreamSink({ connection: own, maxInFlight: 8 }))
        clearInterval(sample)
        expect(summary.published).toBe(3000)
        // the element being grabbed counts before its publish: 8 in flight + 1
        expect(worst).toBeLessThanOrEqual(9)
        expect(worst).toBeGreaterThan(1)
      } finally {
        await own.close()
      }
    })

    it('fails with NatsPayloadTooLargeError naming the subject, after publishing what came before', async () => {
      const { stream, subject } = await freshStream()
      const big = new Uint8Array(nc.info!.max_payload + 1)
      const records = [
        { subject: `${subject}.ok`, data: 'a' },
        { subject: `${subject}.big`, data: big },
        { subject: `${subject}.ok`, data: 'c' },
      ]
      const error = await Source.from(records)
        .runWith(jetStreamSink({ connection: nc, maxInFlight: 1 }))
        .then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(NatsPayloadTooLargeError)
      expect((error as Error).message).toBe(
        `jetStreamSink: message to "${subject}.big" has ${big.length} bytes, above the server's max_payload of ${nc.info!.max_payload}`,
      )
      expect((await jsm.streams.info(stream)).state.messages).toBe(1)
    })

    it('fails with JetStreamPublishError when no stream captures the subject', async () => {
      const error = await Source.single({ subject: 'nowhere.at.all', data: 'x', msgId: 'm1' })
        .runWith(jetStreamSink({ connection: nc, maxRetries: 1, minBackoffMs: 10 }))
        .then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(JetStreamPublishError)
      expect((error as Error).message).toMatch(/^jetStreamSink: publish to "nowhere\.at\.all" \(msgId "m1"\) failed: no stream captures the subject/)
    })

    it('fails with NatsConnectionError when the connection is refused, and closes what it opened', async () => {
      const error = await Source.single({ subject: 'a.b', data: 'x' })
        .runWith(jetStreamSink({ connection: { servers: '127.0.0.1:1', reconnect: false } }))
        .then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(NatsConnectionError)
      expect((error as Error).message).toMatch(/^jetStreamSink: cannot connect to NATS at 127\.0\.0\.1:1/)
      const { stream, subject } = await freshStream()
      await Source.range(1, 5)
        .map((i) => ({ subject: `${subject}.n`, data: String(i) }))
        .runWith(jetStreamSink({ connection: { servers: url } }))
      expect((await jsm.streams.info(stream)).state.messages).toBe(5)
      const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
      const named = (h: unknown) => (h as { constructor: { name: string } }).constructor.name
      expect(handles.filter((h) => named(h) === 'Timeout')).toEqual([])
      expect(handles.filter((h) => named(h) === 'Socket' && (h as { remotePort?: number }).remotePort !== undefined).length).toBe(1)
    })

    it('rejects bad options at build time', () => {
      expect(() => jetStreamSink({ connection: nc, maxInFlight: 0 })).toThrow('jetStreamSink(maxInFlight): expected a positive integer, got 0')
    })
  })
})
