import { afterEach, describe, expect, it } from 'vitest'
import { Keep, Sink, Source, VirtualScheduler } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import {
  StreamRefError,
  StreamRefProtocolError,
  StreamRefRemoteError,
  StreamRefs,
  StreamRefSequenceError,
  StreamRefTimeoutError,
  type SinkRef,
  type SourceRef,
} from '../../../src/channels/worker/index.js'
import { portsSettled, sleep } from './support.js'

// Faults at the protocol level: this thread plays the peer by hand over a MessageChannel, so it
// can send what a well-behaved peer never would.

interface FakePeer {
  readonly port: MessagePort
  readonly inbox: Record<string, unknown>[]
  post(message: unknown): void
  readonly closed: Promise<void>
  isClosed(): boolean
}
const peers: MessagePort[] = []
function fakePeer(): FakePeer {
  const { port1, port2 } = new MessageChannel()
  peers.push(port1)
  const inbox: Record<string, unknown>[] = []
  let closed = false
  const closedP = new Promise<void>((resolve) =>
    port1.addEventListener('close', () => {
      closed = true
      resolve()
    }),
  )
  port1.onmessage = (e: MessageEvent) => inbox.push(e.data as Record<string, unknown>)
  return { port: port2, inbox, post: (m) => port1.postMessage(m), closed: closedP, isClosed: () => closed }
}
afterEach(() => {
  for (const p of peers.splice(0)) p.close()
})

const sourceRefTo = (peer: FakePeer, id = 'r1', idleTimeoutMs = 0): SourceRef<number> => ({ kind: 'sourceRef', id, port: peer.port, idleTimeoutMs })

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return
    await sleep(5)
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('StreamRefs.source: faults from a misbehaving sender', () => {
  it('says hello and grants bufferCapacity of demand at once', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer), { bufferCapacity: 8 }).runWith(TestSink.probe<number>())
    await until(() => peer.inbox.length >= 2, 'hello and demand')
    expect(peer.inbox).toEqual([
      { t: 'hello', ref: 'r1' },
      { t: 'demand', ref: 'r1', upTo: 8 },
    ])
    probe.cancel()
    await peer.closed
  })

  it('fails with StreamRefProtocolError on a corrupt message, tells the sender and releases the port', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    peer.post('garbage')
    const err = (await probe.expectSubscriptionAndError(StreamRefProtocolError)) as StreamRefProtocolError
    expect(err.reason).toBe('corrupt')
    expect(err.ref).toBe('r1')
    expect(err.message).toBe('sourceRef(r1): corrupt message: expected an object, got a string')
    await peer.closed
    expect(peer.inbox.at(-1)).toEqual({ t: 'cancel', ref: 'r1', reason: err.message })
  })

  it.each([
    [{ t: 'elems', ref: 'r1', seq: -1, items: [1] }, '"seq" must be a non-negative integer'],
    [{ t: 'elems', ref: 'r1', seq: 0, items: [] }, '"items" must be a non-empty array'],
    [{ t: 'elems', ref: 'r1', seq: 0, items: [null] }, '"items" must not hold null or undefined'],
    [{ t: 'bogus', ref: 'r1' }, 'unknown message type'],
    [{ t: 'demand', ref: 'r1', upTo: 3 }, 'a "demand" message travels to the sender'],
    [{ t: 'complete', ref: 'r1' }, '"count" must be a non-negative integer'],
  ])('rejects %j', async (message, text) => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    peer.post(message)
    const err = (await probe.expectSubscriptionAndError(StreamRefProtocolError)) as Error
    expect(err.message).toContain(text)
    await peer.closed
  })

  it('fails with reason unknown-ref when a message names another ref', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    peer.post({ t: 'elems', ref: 'someone-else', seq: 0, items: [1] })
    const err = (await probe.expectSubscriptionAndError(StreamRefProtocolError)) as StreamRefProtocolError
    expect(err.reason).toBe('unknown-ref')
    expect(err.message).toBe('sourceRef(r1): a message for unknown ref "someone-else" arrived')
    await peer.closed
  })

  it('fails with StreamRefSequenceError on a gap, after delivering what came in order', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    probe.request(10)
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [10, 11] })
    await probe.expectNext(10, 11)
    peer.post({ t: 'elems', ref: 'r1', seq: 5, items: [15] })
    const err = (await probe.expectError(StreamRefSequenceError)) as StreamRefSequenceError
    expect([err.expected, err.actual]).toEqual([2, 5])
    expect(err.message).toBe('sourceRef(r1): element #5 arrived where #2 was expected (a message was lost)')
    await peer.closed
  })

  it('never delivers a repeated batch twice', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    probe.request(10)
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [1, 2] })
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [1, 2] })
    await probe.expectNext(1, 2)
    const err = (await probe.expectError(StreamRefSequenceError)) as Error
    expect(err.message).toContain('a message was repeated')
    expect(probe.received.filter((s) => s.kind === 'next')).toHaveLength(2)
  })

  it('fails when the sender sends more than was demanded', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer), { bufferCapacity: 2 }).runWith(TestSink.probe<number>())
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [1, 2, 3] })
    const err = (await probe.expectSubscriptionAndError(StreamRefProtocolError)) as StreamRefProtocolError
    expect(err.reason).toBe('over-demand')
    expect(err.message).toBe('sourceRef(r1): elements up to #2 arrived, but only 2 were demanded')
  })

  it('fails when completion claims more elements than arrived', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    probe.request(5)
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [1] })
    peer.post({ t: 'complete', ref: 'r1', count: 3 })
    await probe.expectNext(1)
    const err = (await probe.expectError(StreamRefSequenceError)) as Error
    expect(err.message).toBe('sourceRef(r1): the sender ended after 3 element(s), but 1 arrived (a message was lost)')
  })

  it('fails with reason after-end on an element after completion (while buffered elements wait)', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [1] })
    peer.post({ t: 'complete', ref: 'r1', count: 1 })
    peer.post({ t: 'elems', ref: 'r1', seq: 1, items: [2] })
    const err = (await probe.expectSubscriptionAndError(StreamRefProtocolError)) as StreamRefProtocolError
    expect(err.reason).toBe('after-end')
  })

  it('drops messages that arrive after cancel: nothing is delivered and nothing fails', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    probe.request(1)
    peer.post({ t: 'elems', ref: 'r1', seq: 0, items: [1] })
    await probe.expectNext(1)
    probe.cancel()
    await until(() => peer.inbox.some((m) => m.t === 'cancel'), 'cancel')
    peer.post({ t: 'elems', ref: 'r1', seq: 1, items: [2] })
    peer.post('garbage after cancel')
    await probe.expectNoMessage(30)
    expect(probe.received).toEqual([{ kind: 'next', value: 1 }])
    await peer.closed
  })

  it('carries a remote failure with its name and message', async () => {
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer)).runWith(TestSink.probe<number>())
    peer.post({ t: 'fail', ref: 'r1', count: 0, name: 'RangeError', message: 'out of range' })
    const err = (await probe.expectSubscriptionAndError(StreamRefRemoteError)) as StreamRefRemoteError
    expect([err.remoteName, err.remoteMessage]).toEqual(['RangeError', 'out of range'])
  })

  it('fails a second materialization of the same ref', async () => {
    const peer = fakePeer()
    const ref = sourceRefTo(peer)
    const first = StreamRefs.source(ref).runWith(TestSink.probe<number>())
    const err = await StreamRefs.source(ref).runCollect().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StreamRefError)
    expect((err as Error).message).toBe('sourceRef(r1): already materialized: a ref can be materialized only once')
    first.cancel()
  })

  it('checks its arguments at build time', () => {
    const peer = fakePeer()
    expect(() => StreamRefs.source(null as never)).toThrow(new TypeError('StreamRefs.source(ref): expected a SourceRef (an object with an id and a port), got null'))
    const sinkRef: SinkRef<number> = { kind: 'sinkRef', id: 's1', port: peer.port, idleTimeoutMs: 0 }
    expect(() => StreamRefs.source(sinkRef as never)).toThrow(new TypeError('StreamRefs.source(ref): expected a SourceRef, got a sinkRef (s1)'))
    expect(() => StreamRefs.source(sourceRefTo(peer), { bufferCapacity: 0 })).toThrow(
      new RangeError('StreamRefs.source(bufferCapacity): expected a positive integer, got 0'),
    )
    expect(() => StreamRefs.sourceRef({ idleTimeout: -1 })).toThrow(RangeError)
    expect(() => StreamRefs.sinkRef({ subscriptionTimeout: 'soon' as never })).toThrow(/StreamRefs.sinkRef\(subscriptionTimeout\)/)
  })
})

describe('StreamRefs.sourceRef: the sending side', () => {
  it('sends exactly the cumulative demand; a repeated or stale demand changes nothing', async () => {
    let pulled = 0
    const ref = Source.unfold(0, (i: number) => [i + 1, i] as const)
      .map((x) => (pulled++, x))
      .runWith(StreamRefs.sourceRef<number>())
    // talk to the sender through the ref's own port
    const inbox: Record<string, unknown>[] = []
    const port = ref.port as unknown as MessagePort
    port.onmessage = (e: MessageEvent) => inbox.push(e.data as Record<string, unknown>)
    port.postMessage({ t: 'hello', ref: ref.id })
    port.postMessage({ t: 'demand', ref: ref.id, upTo: 5 })
    port.postMessage({ t: 'demand', ref: ref.id, upTo: 3 })
    port.postMessage({ t: 'demand', ref: ref.id, upTo: 5 })
    await until(() => inbox.flatMap((m) => (m.items as number[] | undefined) ?? []).length >= 5, '5 elements')
    await sleep(30)
    expect(pulled).toBe(5) // a receiver that stops asking stops the sender: nothing is buffered beyond demand
    port.postMessage({ t: 'demand', ref: ref.id, upTo: 8 })
    await until(() => inbox.flatMap((m) => (m.items as number[] | undefined) ?? []).length >= 8, '8 elements')
    const batches = inbox.filter((m) => m.t === 'elems')
    expect(batches.flatMap((m) => m.items as number[])).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    let next = 0
    for (const b of batches) {
      expect(b.seq).toBe(next) // sequence numbers count elements
      next += (b.items as number[]).length
    }
    port.postMessage({ t: 'cancel', ref: ref.id, reason: 'done' })
    await sleep(30)
    expect(pulled).toBe(8)
    port.close()
  })

  it('cancels upstream with a StreamRefProtocolError when the receiver sends garbage, and tells it', async () => {
    const [done, ref] = Source.never<number>().watchTermination(Keep.right).toMat(StreamRefs.sourceRef<number>(), Keep.both).run()
    const inbox: Record<string, unknown>[] = []
    const port = ref.port as unknown as MessagePort
    port.onmessage = (e: MessageEvent) => inbox.push(e.data as Record<string, unknown>)
    port.postMessage({ t: 'elems', ref: ref.id, seq: 0, items: [1] })
    const err = (await done.catch((e: unknown) => e)) as StreamRefProtocolError
    expect(err).toBeInstanceOf(StreamRefProtocolError)
    expect(err.message).toBe(`sourceRef(${ref.id}): a "elems" message travels to the receiver, but this side sends`)
    await until(() => inbox.length > 0, 'fail message')
    expect(inbox[0]).toMatchObject({ t: 'fail', name: 'StreamRefProtocolError' })
    port.close()
  })
})

describe('StreamRefs timeouts (virtual time)', () => {
  it('releases a SourceRef that is never materialized after subscriptionTimeout', async () => {
    const scheduler = new VirtualScheduler()
    const [done, ref] = Source.never<number>()
      .watchTermination(Keep.right)
      .toMat(StreamRefs.sourceRef<number>({ subscriptionTimeout: '2s' }), Keep.both)
      .run({ scheduler })
    const closed = new Promise<void>((resolve) => (ref.port as unknown as MessagePort).addEventListener('close', () => resolve()))
    const settled = done.catch((e: unknown) => e)
    await scheduler.advance(1999)
    expect(scheduler.pendingTimers).toBe(1)
    await scheduler.advance(1)
    const err = (await settled) as StreamRefTimeoutError
    expect(err).toBeInstanceOf(StreamRefTimeoutError)
    expect(err.timeout).toBe('subscription')
    expect(err.message).toBe(`sourceRef(${ref.id}): not materialized by the other side within 2000 ms (subscription timeout)`)
    expect(scheduler.pendingTimers).toBe(0)
    ;(ref.port as unknown as MessagePort).start()
    await closed // the origin's end of the channel was closed
  })

  it('fails a SinkRef reader whose writer never shows up', async () => {
    const scheduler = new VirtualScheduler()
    const [ref, all] = StreamRefs.sinkRef<number>({ subscriptionTimeout: 500 }).toMat(Sink.collect(), Keep.both).run({ scheduler })
    const settled = all.catch((e: unknown) => e)
    await scheduler.advance(500)
    const err = (await settled) as StreamRefTimeoutError
    expect(err.message).toBe(`sinkRef(${ref.id}): not materialized by the other side within 500 ms (subscription timeout)`)
    expect(scheduler.pendingTimers).toBe(0)
    ref.port.close()
  })

  it('idle timeout: keep-alives every third of it hold a quiet stream open; silence fails it', async () => {
    const scheduler = new VirtualScheduler()
    const peer = fakePeer()
    const probe = StreamRefs.source(sourceRefTo(peer, 'r1', 300)).runWith(TestSink.probe<number>(), { scheduler })
    for (let t = 0; t < 6; t++) {
      peer.post({ t: 'hello', ref: 'r1' })
      await portsSettled() // let the port deliver it before virtual time moves
      await scheduler.advance(100)
    }
    expect(probe.received).toEqual([]) // alive after 600 ms of keep-alives
    expect(peer.inbox.filter((m) => m.t === 'hello').length).toBeGreaterThanOrEqual(6) // and it sends its own
    await scheduler.advance(300)
    const err = (await probe.expectSubscriptionAndError(StreamRefTimeoutError)) as StreamRefTimeoutError
    expect(err.timeout).toBe('idle')
    expect(err.message).toBe('sourceRef(r1): the peer sent nothing within 300 ms (idle timeout)')
    expect(scheduler.pendingTimers).toBe(0)
    await peer.closed
  })

  it('idle timeout on the sending side: a receiver that goes silent fails it and is told', async () => {
    const scheduler = new VirtualScheduler()
    const [done, ref] = Source.repeat(1)
      .watchTermination(Keep.right)
      .toMat(StreamRefs.sourceRef<number>({ idleTimeout: 300 }), Keep.both)
      .run({ scheduler })
    const settled = done.catch((e: unknown) => e)
    const port = ref.port as unknown as MessagePort
    const inbox: Record<string, unknown>[] = []
    port.onmessage = (e: MessageEvent) => inbox.push(e.data as Record<string, unknown>)
    port.postMessage({ t: 'demand', ref: ref.id, upTo: 2 })
    await until(() => inbox.some((m) => m.t === 'elems'), 'elements')
    await scheduler.advance(300)
    const err = (await settled) as StreamRefTimeoutError
    expect(err.timeout).toBe('idle')
    await until(() => inbox.some((m) => m.t === 'fail'), 'fail message')
    expect(inbox.filter((m) => m.t === 'elems').flatMap((m) => m.items as number[])).toEqual([1, 1]) // the silent peer got what it asked for, no more
    expect(scheduler.pendingTimers).toBe(0)
    port.close()
  })
})

export type { SourceRef }
