import { type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import {
  JetStreamDecodeError,
  JetStreamNotFoundError,
  jetStreamCommitter,
  jetStreamPublisher,
  jetStreamSource,
  NatsConnectionError,
  type JetStreamEnvelope,
} from '../../../src/brokers/nats-jetstream/index.js'
import type { Subscription } from '../../../src/spec/types.js'
import { createStream, describeNats, fill, nextStream, settledConsumer, startPrivateServer, jetStreamSession } from './nats.js'

/** Waits until `check` holds, polling; fails after `ms`. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describeNats('jetStreamSource', (url) => {
  let nc: NatsConnection
  let jsm: JetStreamManager
  const streams = jetStreamSession(url, (c, m) => {
    nc = c
    jsm = m
  })
  async function freshStream(consumer: Parameters<typeof createStream>[3] = {}): Promise<{ stream: string; subject: string }> {
    const s = nextStream()
    streams.push(s.stream)
    await createStream(jsm, s.stream, s.subject, consumer)
    return s
  }
  const consumerInfo = (stream: string) => jsm.consumers.info(stream, 'worker')

  describe('jetStreamPublisher demand', () => {
    it('never has the server deliver more than was requested, under random demand schedules', async () => {
      const available = 40
      const step = fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 12 }).map((n) => ({ request: n })), weight: 4 },
        { arbitrary: fc.integer({ min: 0, max: 30 }).map((ms) => ({ pause: ms })), weight: 1 },
      )
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), fc.boolean(), async (steps, ackLate) => {
          const { stream, subject } = await freshStream()
          await fill(nc, subject, available)
          const received: JetStreamEnvelope[] = []
          let subscription: Subscription | null = null
          let failure: unknown = undefined
          jetStreamPublisher({ connection: nc, stream, consumer: 'worker', expiresMs: 1000, batch: 1000 }).subscribe({
            onSubscribe: (s) => (subscription = s),
            onNext: (m) => {
              received.push(m)
              if (!ackLate) void m.ack()
            },
            onError: (e) => (failure = e),
            onComplete: () => {},
          })
          let requested = 0
          for (const s of steps) {
            if ('pause' in s) {
              await new Promise((r) => setTimeout(r, s.pause))
            } else {
              requested += s.request
              subscription!.request(s.request)
              const expected = Math.min(requested, available)
              await eventually(() => received.length >= expected, 5000, `${expected} messages`)
            }
            // What the server delivered to this consumer, by its own count.
            const info = await consumerInfo(stream)
            expect(info.delivered.consumer_seq).toBeLessThanOrEqual(requested)
            expect(received.length).toBeLessThanOrEqual(requested)
          }
          subscription!.cancel()
          await Promise.all(received.map((m) => m.ack()))
          expect(failure).toBeUndefined()
          expect(received.map((m) => m.offset)).toEqual(Array.from({ length: Math.min(requested, available) }, (_, i) => i + 1))
          await jsm.streams.delete(stream)
        }),
        { numRuns: 12 },
      )
    }, 60_000)

    it('through jetStreamSource, the server delivers at most what downstream requested plus the batch', async () => {
      const available = 60
      const batch = 8
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 6 }), async (requests) => {
          const { stream, subject } = await freshStream()
          await fill(nc, subject, available)
          const [control, probe] = jetStreamSource({ connection: nc, stream, consumer: 'worker', batch, expiresMs: 1000 })
            .toMat(TestSink.probe<JetStreamEnvelope>(), Keep.both)
            .run()
          let requested = 0
          for (const n of requests) {
            if (n > 0) probe.request(n)
            requested += n
            const expected = Math.min(requested, available)
            await eventually(() => probe.received.length >= expected, 5000, `${expected} elements`)
            // let the source refill its window, then look at what the server handed out
            await new Promise((r) => setTimeout(r, 15))
            const delivered = (await consumerInfo(stream)).delivered.consumer_seq
            expect(delivered).toBeLessThanOrEqual(Math.min(available, requested + batch))
            expect(probe.received.length).toBe(expected)
          }
          probe.cancel()
          await control.stopped
          await jsm.streams.delete(stream)
        }),
        { numRuns: 8 },
      )
    }, 60_000)

    it('fails the subscriber on request(0) (§3.9)', async () => {
      const { stream } = await freshStream()
      const error = await new Promise<unknown>((resolve) =>
        jetStreamPublisher({ connection: nc, stream, consumer: 'worker' }).subscribe({
          onSubscribe: (s) => s.request(0),
          onNext: () => {},
          onError: resolve,
          onComplete: () => {},
        }),
      )
      expect(String(error)).toMatch(/§3\.9/)
    })
  })

  describe('jetStreamSource', () => {
    it('emits envelopes with offset, time, subject, payload, headers and delivery count', async () => {
      const { stream, subject } = await freshStream()
      const js = (await import('@nats-io/jetstream')).jetstream(nc)
      const { headers } = await import('@nats-io/transport-node')
      const h = headers()
      h.append('Trace', 'abc')
      const before = Date.now()
      await js.publish(`${subject}.a`, JSON.stringify({ n: 1 }), { headers: h })
      await js.publish(`${subject}.b`, JSON.stringify({ n: 2 }))
      const [control, done] = jetStreamSource({
        connection: nc,
        stream,
        consumer: 'worker',
        decode: (d) => JSON.parse(new TextDecoder().decode(d)) as { n: number },
      })
        .take(2)
        .toMat(Sink.collect(), Keep.both)
        .run()
      const got = await done
      await Promise.all(got.map((m) => m.ack()))
      await control.stopped
      expect(got.map((m) => [m.offset, m.subject, m.payload.n, m.deliveryCount, m.redelivered, m.stream, m.consumer])).toEqual([
        [1, `${subject}.a`, 1, 1, false, stream, 'worker'],
        [2, `${subject}.b`, 2, 1, false, stream, 'worker'],
      ])
      expect(got[0]!.headers?.get('Trace')).toEqual(['abc'])
      expect(got[1]!.headers).toBeUndefined()
      expect(got[0]!.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
      await settledConsumer(jsm, stream, 'worker') // every ack applied: nothing pending
    })

    it('holds no more than the demand window: a stalled consumer has at most `batch` messages delivered', async () => {
      const { stream, subject } = await freshStream()
      await fill(nc, subject, 200)
      // Sink.foreach that never pulls after the first element: the source may hold only `batch`.
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', batch: 16, closeTimeoutMs: 0 })
        .mapAsync(1, () => new Promise<never>(() => {}))
        .toMat(Sink.ignore(), Keep.both)
        .run()
      await eventually(async () => (await consumerInfo(stream)).delivered.consumer_seq >= 16, 5000, '16 deliveries')
      await new Promise((r) => setTimeout(r, 300))
      expect((await consumerInfo(stream)).delivered.consumer_seq).toBe(16)
      expect(control.stats().requested).toBe(16)
      control.shutdown()
      await control.stopped
      void done
    })

    it('a slow consumer holds at most the demand window: what the server delivered stays within processed + batch', async () => {
      const { stream, subject } = await freshStream()
      const js = (await import('@nats-io/jetstream')).jetstream(nc)
      const kb = new Uint8Array(1024)
      await Promise.all(Array.from({ length: 3000 }, () => js.publish(`${subject}.big`, kb)))
      const batch = 32
      let processed = 0
      let worst = 0
      const heapBefore = process.memoryUsage().heapUsed
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', batch, expiresMs: 1000 })
        .mapAsync(2, async (m) => {
          await new Promise((r) => setTimeout(r, 2))
          processed++
          return m
        })
        .toMat(jetStreamCommitter(), Keep.both)
        .run()
      const deadline = Date.now() + 800
      while (Date.now() < deadline) {
        const delivered = (await consumerInfo(stream)).delivered.consumer_seq
        worst = Math.max(worst, delivered - processed)
        await new Promise((r) => setTimeout(r, 20))
      }
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore
      control.shutdown()
      await done
      await control.stopped
      expect(processed).toBeGreaterThan(50)
      // buffered (batch) + in mapAsync (2) + one on its way; 3000 KiB were waiting in the stream
      expect(worst).toBeLessThanOrEqual(batch + 3)
      console.info(`[nats slow consumer] batch ${batch}: processed ${processed} in 800 ms, at most ${worst} delivered and unprocessed, heap growth ${(heapGrowth / 2 ** 20).toFixed(1)} MiB (3000 KiB waiting in the stream)`)
    })

    it('satisfies the projection source contract', async () => {
      type Contract = { readonly offset: string | number; readonly occurredAt?: Date; ack(): Promise<void> }
      const { stream, subject } = await freshStream()
      await fill(nc, subject, 1)
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker' })
        .take(1)
        .map((m): Contract => m) // compiles only if an envelope is a Contract
        .mapAsync(1, async (m) => (await m.ack(), m.offset))
        .toMat(Sink.collect(), Keep.both)
        .run()
      expect(await done).toEqual([1])
      await control.stopped
    })

    it('caps fetches at max_ack_pending and goes on as acknowledgements free slots', async () => {
      const { stream, subject } = await freshStream({ max_ack_pending: 10 })
      await fill(nc, subject, 100)
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', batch: 64, expiresMs: 1000 })
        .take(100)
        .mapAsync(4, async (m) => {
          await new Promise((r) => setTimeout(r, 1))
          return m
        })
        .toMat(jetStreamCommitter(), Keep.both)
        .run()
      expect(await done).toBe(100)
      const stats = control.stats()
      // Never a fetch above the cap, and no fetch stalled waiting for slots the server would not give.
      expect(stats.requested).toBeLessThanOrEqual(100 + 10)
      expect(stats.fetches).toBeGreaterThanOrEqual(10)
      await control.stopped
      await settledConsumer(jsm, stream, 'worker') // every ack applied: nothing pending
    })

    it('redelivers a nak-ed message with a higher delivery count, and a term-ed one never', async () => {
      const { stream, subject } = await freshStream()
      await fill(nc, subject, 3)
      const seen: [number, number][] = []
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', expiresMs: 1000 })
        .mapAsync(1, async (m) => {
          seen.push([m.offset, m.deliveryCount])
          if (m.offset === 1 && m.deliveryCount === 1) await m.nak()
          else if (m.offset === 2) await m.term()
          else await m.ack()
          return m
        })
        .take(4)
        .toMat(Sink.ignore(), Keep.both)
        .run()
      await done
      await control.stopped
      expect(seen).toEqual([
        [1, 1],
        [2, 1],
        [3, 1],
        [1, 2],
      ])
    })

    it('nak(delayMs) redelivers after the delay; working() keeps a slow message from being redelivered', async () => {
      const { stream, subject } = await freshStream({ ack_wait: 1_000_000_000 })
      await fill(nc, subject, 2)
      const seen: { offset: number; count: number; at: number }[] = []
      const start = Date.now()
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', expiresMs: 1000 })
        .mapAsync(2, async (m) => {
          seen.push({ offset: m.offset, count: m.deliveryCount, at: Date.now() - start })
          if (m.offset === 1 && m.deliveryCount === 1) {
            await m.nak(400)
          } else if (m.offset === 2) {
            // 1.6 s of work under an ack_wait of 1 s, telling the server every 400 ms
            for (let i = 0; i < 4; i++) {
              await new Promise((r) => setTimeout(r, 400))
              m.working()
            }
            await m.ack()
          } else await m.ack()
          return m
        })
        .take(3)
        .toMat(Sink.ignore(), Keep.both)
        .run()
      await done
      await control.stopped
      const again = seen.find((s) => s.offset === 1 && s.count === 2)!
      expect(again.at - seen[0]!.at).toBeGreaterThanOrEqual(350)
      expect(seen.filter((s) => s.offset === 2)).toHaveLength(1)
      const info = await settledConsumer(jsm, stream, 'worker')
      expect(info.num_redelivered).toBe(0)
    })

    it('redelivers what was never acknowledged after ack_wait, to the next reader', async () => {
      const { stream, subject } = await freshStream({ ack_wait: 1_000_000_000 })
      await fill(nc, subject, 5)
      const first = jetStreamSource({ connection: nc, stream, consumer: 'worker', closeTimeoutMs: 0 }).take(5).toMat(Sink.collect(), Keep.both).run()
      const dropped = await first[1]
      await first[0].stopped
      expect(dropped.map((m) => m.offset)).toEqual([1, 2, 3, 4, 5])
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker' }).take(5).toMat(Sink.collect(), Keep.both).run()
      const again = await done
      await Promise.all(again.map((m) => m.ack()))
      await control.stopped
      expect(again.map((m) => [m.offset, m.deliveryCount])).toEqual([1, 2, 3, 4, 5].map((o) => [o, 2]))
    })

    it('fails with JetStreamDecodeError naming subject and sequence, and acknowledges nothing unprocessed', async () => {
      const { stream, subject } = await freshStream()
      const js = (await import('@nats-io/jetstream')).jetstream(nc)
      await js.publish(`${subject}.ok`, '{"n":1}')
      await js.publish(`${subject}.bad`, 'not json')
      await js.publish(`${subject}.ok`, '{"n":3}')
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', decode: (d) => JSON.parse(new TextDecoder().decode(d)) as unknown })
        .toMat(jetStreamCommitter(), Keep.both)
        .run()
      const error = await done.then(() => undefined, (e: unknown) => e)
      await control.stopped
      expect(error).toBeInstanceOf(JetStreamDecodeError)
      expect((error as Error).message).toContain(`${subject}.bad`)
      expect((error as JetStreamDecodeError).streamSequence).toBe(2)
      const info = await consumerInfo(stream)
      expect(info.ack_floor.stream_seq).toBeLessThanOrEqual(1)
    })

    it("terminates undecodable messages with onDecodeError: 'term' and goes on", async () => {
      const { stream, subject } = await freshStream()
      const js = (await import('@nats-io/jetstream')).jetstream(nc)
      for (const d of ['1', 'x', '3']) await js.publish(`${subject}.a`, d)
      const [control, done] = jetStreamSource({
        connection: nc,
        stream,
        consumer: 'worker',
        onDecodeError: 'term',
        decode: (d) => {
          const n = Number(new TextDecoder().decode(d))
          if (Number.isNaN(n)) throw new Error('NaN')
          return n
        },
      })
        .take(2)
        .mapAsync(1, async (m) => (await m.ack(), m.payload))
        .toMat(Sink.collect(), Keep.both)
        .run()
      expect(await done).toEqual([1, 3])
      await control.stopped
    })

    it('fails with JetStreamNotFoundError for a missing stream or consumer', async () => {
      const { stream } = await freshStream()
      for (const [s, c, what] of [
        ['NOPE_STREAM', 'worker', 'stream'],
        [stream, 'nope', 'consumer'],
      ] as const) {
        const [control, done] = jetStreamSource({ connection: nc, stream: s, consumer: c }).toMat(Sink.ignore(), Keep.both).run()
        const error = await done.then(() => undefined, (e: unknown) => e)
        await control.stopped
        expect(error).toBeInstanceOf(JetStreamNotFoundError)
        expect((error as JetStreamNotFoundError).what).toBe(what)
        expect((error as Error).message).toContain(what === 'stream' ? 'NOPE_STREAM' : '"nope"')
      }
    })

    it('fails with JetStreamNotFoundError when the consumer is deleted while it reads', async () => {
      const { stream, subject } = await freshStream()
      await fill(nc, subject, 3)
      const [control, done] = jetStreamSource({ connection: nc, stream, consumer: 'worker', expiresMs: 5000, maxBackoffMs: 100 })
        .mapAsync(1, async (m) => (await m.ack(), m))
        .toMat(Sink.ignore(), Keep.both)
        .run()
      await eventually(() => control.stats().delivered === 3, 5000, '3 messages')
      await jsm.consumers.delete(stream, 'worker')
      const error = await done.then(() => undefined, (e: unknown) => e)
      await control.stopped
      expect(error).toBeInstanceOf(JetStreamNotFoundError)
      expect((error as Error).message).toBe(`jetStreamSource(${stream}/worker): consumer "worker" not found on stream "${stream}"`)
    })

    it('fails with NatsConnectionError when a borrowed connection is closed under it', async () => {
      const { stream } = await freshStream()
      const own = await connect({ servers: url })
      const [control, done] = jetStreamSource({ connection: own, stream, consumer: 'worker', expiresMs: 5000 }).toMat(Sink.ignore(), Keep.both).run()
      await eventually(() => control.stats().fetches === 1, 5000, 'a pull request')
      await own.close()
      const error = await done.then(() => undefined, (e: unknown) => e)
      await control.stopped
      expect(error).toBeInstanceOf(NatsConnectionError)
      expect((error as NatsConnectionError).reason).toBe('closed')
    })

    it('fails with NatsConnectionError when the server refuses the connection or the credentials', async () => {
      const refused = await jetStreamSource({ connection: { servers: '127.0.0.1:1', reconnect: false }, stream: 'S', consumer: 'c' })
        .runWith(Sink.ignore())
        .then(() => undefined, (e: unknown) => e)
      expect(refused).toBeInstanceOf(NatsConnectionError)
      expect((refused as NatsConnectionError).reason).toBe('refused')
      expect((refused as Error).message).toMatch(/^jetStreamSource\(S\/c\): cannot connect to NATS at 127\.0\.0\.1:1/)
      const server = await startPrivateServer({ jetstream: false, user: 'u', pass: 'p' })
      try {
        const denied = await jetStreamSource({ connection: { servers: server.url, user: 'u', pass: 'wrong' }, stream: 'S', consumer: 'c' })
          .runWith(Sink.ignore())
          .then(() => undefined, (e: unknown) => e)
        expect(denied).toBeInstanceOf(NatsConnectionError)
        expect((denied as NatsConnectionError).reason).toBe('auth')
      } finally {
        await server.dispose()
      }
    })

    it('rejects bad options at build time, naming the option', () => {
      expect(() => jetStreamSource({ connection: nc, stream: 'a.b', consumer: 'c' })).toThrow(/^jetStreamSource\(stream\): expected a JetStream name/)
      expect(() => jetStreamSource({ connection: nc, stream: 'S', consumer: 'c', batch: 0 })).toThrow('jetStreamSource(batch): expected a positive integer, got 0')
      expect(() => jetStreamSource({ connection: nc, stream: 'S', consumer: 'c', expiresMs: 10 })).toThrow('jetStreamSource(expiresMs): expected at least 1000 ms, got 10')
    })

    it('closes its own connection and leaves no timers after complete, cancel and failure', async () => {
      const owned = { servers: url }
      // completion: shutdown while a pull request waits at the server
      const empty = await freshStream()
      const a = jetStreamSource({ connection: owned, stream: empty.stream, consumer: 'worker', expiresMs: 60_000 }).toMat(Sink.ignore(), Keep.both).run()
      await eventually(() => a[0].stats().fetches === 1, 5000, 'a pull request')
      a[0].shutdown()
      await a[1]
      await a[0].stopped
      // cancel: downstream takes 3 of the 8 fetched (less than the refill of 4) and cancels; the 5
      // never emitted are nak'ed at once
      const some = await freshStream()
      await fill(nc, some.subject, 10)
      const [bControl, probe] = jetStreamSource({ connection: owned, stream: some.stream, consumer: 'worker', expiresMs: 60_000, batch: 8 })
        .toMat(TestSink.probe<JetStreamEnvelope>(), Keep.both)
        .run()
      await eventually(() => bControl.stats().delivered === 8, 5000, '8 messages in the buffer')
      probe.request(3)
      const three = await probe.expectNextN(3)
      probe.cancel()
      await Promise.all(three.map((m) => m.ack()))
      await bControl.stopped
      expect(bControl.stats()).toMatchObject({ fetches: 1, requested: 8, delivered: 8, unsettled: 0 })
      // failure: a stage after it throws; the unsettled envelope is not acknowledged
      let firstOfC: [number, number] | undefined = undefined
      const c = jetStreamSource({ connection: owned, stream: some.stream, consumer: 'worker', expiresMs: 60_000, closeTimeoutMs: 50 })
        .map((m) => {
          firstOfC ??= [m.offset, m.deliveryCount]
          throw new Error('boom')
        })
        .toMat(Sink.ignore(), Keep.both)
        .run()
      await expect(c[1]).rejects.toThrow('boom')
      await c[0].stopped
      // without the nak, message 4 would wait for ack_wait (30 s) before anyone got it again
      expect(firstOfC).toEqual([4, 2])
      // the acks of 1-3 reach the consumer's state a moment after the flush that confirmed them
      await eventually(async () => (await consumerInfo(some.stream)).ack_floor.stream_seq >= 3, 5000, 'ack floor 3')
      const info = await consumerInfo(some.stream)
      expect(info.ack_floor.stream_seq).toBe(3)
      // No handles left by the sources: only the test's own connection socket remains.
      const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
      const named = (h: unknown) => (h as { constructor: { name: string } }).constructor.name
      expect(handles.filter((h) => named(h) === 'Timeout')).toEqual([])
      const sockets = handles.filter((h) => named(h) === 'Socket' && (h as { remotePort?: number }).remotePort !== undefined)
      expect(sockets.length).toBe(1)
    })
  })
})
