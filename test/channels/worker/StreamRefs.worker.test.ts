import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import {
  StreamRefPeerLostError,
  StreamRefRemoteError,
  StreamRefs,
  type SinkRef,
  type SourceRef,
} from '../../../src/channels/worker/index.js'
import { RefsWorker, sleep } from './support.js'

// One real worker_threads worker for the whole file; each test makes its own refs in it.
let w: RefsWorker
beforeAll(() => {
  w = new RefsWorker()
})
afterAll(async () => {
  await w.terminate()
})

/** Asks the worker for a SourceRef of 0..n-1; returns it with the id under which the worker counts what it produced. */
async function remoteSource(n: number, extra: Record<string, unknown> = {}): Promise<{ ref: SourceRef<number>; id: number }> {
  const { id, reply } = w.call<SourceRef<number>>({ cmd: 'sourceRef', n, ...extra })
  return { ref: await reply, id }
}
const producedBy = (id: number): Promise<number> => w.call<number>({ cmd: 'produced', of: id }).reply

describe('StreamRefs across a worker_threads worker', () => {
  it('delivers every element of a SourceRef made in the worker, in order', async () => {
    const { ref } = await remoteSource(1000)
    const xs = await StreamRefs.source(ref).runCollect()
    expect(xs).toEqual(Array.from({ length: 1000 }, (_, i) => i))
  })

  it('demand is exact across the boundary: request 3, receive 3, the producer stays within the buffer', async () => {
    const { ref, id } = await remoteSource(1_000_000)
    const probe = StreamRefs.source(ref, { bufferCapacity: 4 }).runWith(TestSink.probe<number>())
    probe.request(3)
    expect(await probe.expectNextN(3)).toEqual([0, 1, 2])
    await probe.expectNoMessage(100)
    // the receiver grants at most bufferCapacity (4) beyond what downstream has taken (3)
    const produced = await producedBy(id)
    expect(produced).toBeGreaterThanOrEqual(3)
    expect(produced).toBeLessThanOrEqual(3 + 4)
    probe.cancel()
    await sleep(50)
    expect(await producedBy(id)).toBe(produced)
  })

  it('carries a failure across with the error name and message, after the elements sent before it', async () => {
    const { ref } = await remoteSource(10, { failAt: 5 })
    const seen: number[] = []
    const err = await StreamRefs.source(ref)
      .runForEach((x) => seen.push(x))
      .catch((e: unknown) => e)
    expect(seen).toEqual([0, 1, 2, 3, 4])
    expect(err).toBeInstanceOf(StreamRefRemoteError)
    expect(err).toMatchObject({ remoteName: 'TypeError', remoteMessage: 'boom at 5', ref: ref.id })
    expect((err as Error).message).toBe(`sourceRef(${ref.id}): the remote stream failed: TypeError: boom at 5`)
  })

  it('carries cancel back: take(3) in the worker cancels the producer in this thread', async () => {
    let pulled = 0
    const [done, ref] = Source.unfold(0, (i: number) => [i + 1, i] as const)
      .map((x) => (pulled++, x))
      .watchTermination(Keep.right)
      .toMat(StreamRefs.sourceRef<number>(), Keep.both)
      .run()
    const { reply } = w.call<number[]>({ cmd: 'take', ref, count: 3 }, [ref.port])
    expect(await reply).toEqual([0, 1, 2])
    await done // upstream of the ref was cancelled (not failed)
    expect(pulled).toBeLessThanOrEqual(1024) // at most the default bufferCapacity
  })

  it('a SinkRef made here is written to from the worker', async () => {
    const [ref, all] = StreamRefs.sinkRef<number>({ bufferCapacity: 8 }).toMat(Sink.collect(), Keep.both).run()
    const { reply } = w.call<string>({ cmd: 'writeSinkRef', ref, n: 100 }, [ref.port])
    expect(await all).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(await reply).toBe('done')
  })

  it('fast producer in the worker, slow consumer here: the producer never runs more than the buffer ahead', async () => {
    const capacity = 64
    const { ref, id } = await remoteSource(20_000)
    let consumed = 0
    let worstLead = 0
    const sum = await StreamRefs.source(ref, { bufferCapacity: capacity })
      .mapAsync(1, async (x: number) => {
        consumed++
        if (consumed % 2000 === 0) {
          await sleep(20) // the producer is idle now: what it produced is final until we pull again
          worstLead = Math.max(worstLead, (await producedBy(id)) - consumed)
        }
        return x
      })
      .runFold(0, (a, x) => a + x)
    expect(sum).toBe((20_000 * 19_999) / 2)
    expect(worstLead).toBeLessThanOrEqual(capacity + 1) // the receiver's buffer plus the element in mapAsync
  })

  it('fast producer here, slow consumer in the worker: this side never runs more than the buffer ahead', async () => {
    const capacity = 64
    let produced = 0
    const ref = Source.range(0, 20_000)
      .map((x) => (produced++, x))
      .runWith(StreamRefs.sourceRef<number>())
    let worstLead = 0
    const { id, reply } = w.call<{ sum: number; consumed: number }>(
      { cmd: 'consumeSlowly', ref, bufferCapacity: capacity, burst: 2000, pauseMs: 20 },
      [ref.port],
    )
    w.onProgress = (of, consumed) => {
      if (of === id) worstLead = Math.max(worstLead, produced - consumed)
    }
    const result = await reply
    w.onProgress = undefined
    expect(result).toEqual({ sum: (20_000 * 19_999) / 2, consumed: 20_000 })
    expect(worstLead).toBeLessThanOrEqual(capacity + 1)
  })

  it('fails with StreamRefPeerLostError naming the ref when the worker exits mid-stream', async () => {
    const other = new RefsWorker()
    try {
      const { reply } = other.call<SourceRef<number>>({ cmd: 'sourceRef', n: 1_000_000 })
      const ref = await reply
      const probe = StreamRefs.source(ref).runWith(TestSink.probe<number>())
      probe.request(2)
      await probe.expectNextN(2)
      await other.call({ cmd: 'exit', code: 3, afterMs: 0 }).reply
      const err = await probe.expectError(StreamRefPeerLostError)
      expect((err as StreamRefPeerLostError).ref).toBe(ref.id)
      expect(await other.exited).toBe(3)
    } finally {
      await other.terminate()
    }
  })

  it('fails with StreamRefPeerLostError when the worker dies of an uncaught error mid-stream', async () => {
    const other = new RefsWorker()
    other.worker.on('error', () => {}) // the worker's own error is expected here
    try {
      const ref = await other.call<SourceRef<number>>({ cmd: 'sourceRef', n: 1_000_000 }).reply
      const probe = StreamRefs.source(ref, { bufferCapacity: 8 }).runWith(TestSink.probe<number>())
      probe.request(1)
      await probe.expectNext(0)
      await other.call({ cmd: 'throw', message: 'worker blew up' }).reply
      await probe.expectError(StreamRefPeerLostError)
      expect(await other.exited).toBe(1)
    } finally {
      await other.terminate()
    }
  })

  it('a SinkRef whose writer worker exits mid-stream fails the reading side', async () => {
    const other = new RefsWorker()
    try {
      await other.call({ cmd: 'heap' }).reply // started (tsx takes a while on a busy machine)
      const [ref, probe] = StreamRefs.sinkRef<number>({ bufferCapacity: 4 }).toMat(TestSink.probe<number>(), Keep.both).run()
      other.call({ cmd: 'writeSinkRef', ref, n: 1_000_000 }, [ref.port])
      probe.request(1)
      await probe.expectNext(0)
      await other.call({ cmd: 'exit', code: 0, afterMs: 0 }).reply
      await probe.expectError(StreamRefPeerLostError)
    } finally {
      await other.terminate()
    }
  })

  it('property: whatever the demand pattern, the consumer gets exactly what it asked for and the producer stays within the buffer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }),
        async (n, capacity, requests) => {
          const { ref, id } = await remoteSource(n)
          const probe = StreamRefs.source(ref, { bufferCapacity: capacity }).runWith(TestSink.probe<number>())
          let asked = 0
          for (const r of requests) {
            probe.request(r)
            asked += r
            const expected = Math.min(asked, n)
            while (probe.received.filter((s) => s.kind === 'next').length < expected) await sleep(1)
            await sleep(5)
            const got = probe.received.filter((s) => s.kind === 'next').length
            expect(got).toBe(expected) // never more than asked for
            const produced = await producedBy(id)
            expect(produced).toBeLessThanOrEqual(Math.min(n, got + capacity))
          }
          if (asked >= n) {
            while (!probe.received.some((s) => s.kind === 'complete')) await sleep(1)
          } else probe.cancel()
          const values = probe.received.flatMap((s) => (s.kind === 'next' ? [s.value] : []))
          expect(values).toEqual(Array.from({ length: values.length }, (_, i) => i))
        },
      ),
      { numRuns: 25 },
    )
  })
})

export type { SinkRef }
