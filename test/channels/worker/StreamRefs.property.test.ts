import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import {
  StreamRefError,
  StreamRefProtocolError,
  StreamRefRemoteError,
  StreamRefs,
  StreamRefSequenceError,
} from '../../../src/channels/worker/index.js'
import { decodeRefMessage } from '../../../src/channels/worker/internal/protocol.js'
import { portsSettled, sleep } from './support.js'

// What a sender may do, well or badly; the test turns each action into a message.
type Action =
  | { readonly kind: 'next'; readonly size: number }
  | { readonly kind: 'skip'; readonly by: number }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'garbage'; readonly value: unknown }
  | { readonly kind: 'hello' }
  | { readonly kind: 'complete'; readonly off: number }
  | { readonly kind: 'fail' }

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('next' as const), size: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('skip' as const), by: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'repeat' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), value: fc.anything().filter((v) => (v as { ref?: unknown } | null)?.ref !== 'r1') }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'hello' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('complete' as const), off: fc.integer({ min: -1, max: 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fail' as const }) },
)

type Outcome = { readonly delivered: number; readonly end: 'open' | 'complete' | typeof StreamRefSequenceError | typeof StreamRefProtocolError | typeof StreamRefRemoteError }

/** What the receiver must do with these actions: deliver a prefix, then end the way the first fault or terminal says. */
function model(actions: readonly Action[]): Outcome {
  let seq = 0
  for (const a of actions) {
    switch (a.kind) {
      case 'next':
        seq += a.size
        break
      case 'hello':
        break
      case 'skip':
      case 'repeat':
        return { delivered: seq, end: seq === 0 && a.kind === 'repeat' ? StreamRefProtocolError : StreamRefSequenceError }
      case 'garbage':
        return { delivered: seq, end: StreamRefProtocolError }
      case 'complete':
        return { delivered: seq, end: a.off === 0 || seq + a.off < 0 ? (seq + a.off < 0 ? StreamRefProtocolError : 'complete') : StreamRefSequenceError }
      case 'fail':
        return { delivered: seq, end: StreamRefRemoteError }
    }
  }
  return { delivered: seq, end: 'open' }
}

function messages(actions: readonly Action[]): unknown[] {
  let seq = 0
  let last: unknown[] = []
  const out: unknown[] = []
  for (const a of actions) {
    switch (a.kind) {
      case 'next':
        last = Array.from({ length: a.size }, (_, i) => seq + i)
        out.push({ t: 'elems', ref: 'r1', seq, items: last })
        seq += a.size
        break
      case 'skip':
        out.push({ t: 'elems', ref: 'r1', seq: seq + a.by, items: [seq + a.by] })
        break
      case 'repeat':
        // no batch yet: an empty batch, which is corrupt
        out.push({ t: 'elems', ref: 'r1', seq: seq - last.length, items: last })
        break
      case 'garbage':
        out.push(a.value)
        break
      case 'hello':
        out.push({ t: 'hello', ref: 'r1' })
        break
      case 'complete':
        out.push({ t: 'complete', ref: 'r1', count: seq + a.off })
        break
      case 'fail':
        out.push({ t: 'fail', ref: 'r1', count: seq, name: 'Error', message: 'remote' })
        break
    }
  }
  return out
}

describe('StreamRefs.source under arbitrary sender behaviour', () => {
  it('decodeRefMessage accepts a message or throws a StreamRefProtocolError naming the ref, for any input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          decodeRefMessage(value, 'r1', 'sourceRef')
        } catch (e) {
          expect(e).toBeInstanceOf(StreamRefProtocolError)
          expect((e as Error).message.startsWith('sourceRef(r1): ')).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('delivers exactly the in-sequence prefix, never twice, and ends as the first fault or terminal says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 12 }), async (actions) => {
        const { port1, port2 } = new MessageChannel()
        const closed = new Promise<void>((resolve) => port1.addEventListener('close', () => resolve()))
        port1.start()
        const probe = StreamRefs.source<number>({ kind: 'sourceRef', id: 'r1', port: port2, idleTimeoutMs: 0 }).runWith(TestSink.probe<number>())
        probe.request(1000)
        for (const m of messages(actions)) port1.postMessage(m)
        const expected = model(actions)
        const ended = (): boolean => probe.received.some((s) => s.kind !== 'next')
        for (let i = 0; i < 1000 && !ended() && probe.received.length < expected.delivered; i++) await sleep(2)
        await sleep(expected.end === 'open' ? 10 : 0)
        await portsSettled()
        for (let i = 0; i < 1000 && expected.end !== 'open' && !ended(); i++) await sleep(2)
        const values = probe.received.flatMap((s) => (s.kind === 'next' ? [s.value] : []))
        expect(values).toEqual(Array.from({ length: expected.delivered }, (_, i) => i))
        const last = probe.received.at(-1)
        if (expected.end === 'open') {
          expect(ended()).toBe(false)
          probe.cancel()
        } else if (expected.end === 'complete') expect(last).toEqual({ kind: 'complete' })
        else {
          expect(last?.kind).toBe('error')
          const error = (last as { error: unknown }).error
          expect(error).toBeInstanceOf(StreamRefError)
          expect(error).toBeInstanceOf(expected.end)
        }
        await closed // the port is released, however it ended
        port1.close()
      }),
      { numRuns: 60 },
    )
  })
})

describe('StreamRefs.sourceRef under arbitrary demand messages', () => {
  it('sends elements #0..#max(upTo)-1 exactly once, in sequence, whatever order demands come in, repeated or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 60 }), async (upTos, n) => {
        let pulled = 0
        const ref = Source.range(0, n)
          .map((x) => (pulled++, x))
          .runWith(StreamRefs.sourceRef<number>())
        const port = ref.port as unknown as MessagePort
        const inbox: Record<string, unknown>[] = []
        port.onmessage = (e: MessageEvent) => inbox.push(e.data as Record<string, unknown>)
        for (const upTo of upTos) port.postMessage({ t: 'demand', ref: ref.id, upTo })
        const allowed = Math.min(n, Math.max(...upTos))
        const items = (): number[] => inbox.filter((m) => m.t === 'elems').flatMap((m) => m.items as number[])
        for (let i = 0; i < 1000 && items().length < allowed; i++) await sleep(2)
        await sleep(5)
        await portsSettled()
        expect(items()).toEqual(Array.from({ length: allowed }, (_, i) => i))
        expect(pulled).toBe(allowed) // upstream pulled exactly as far as the highest demand
        let next = 0
        for (const m of inbox.filter((x) => x.t === 'elems')) {
          expect(m.seq).toBe(next)
          next += (m.items as number[]).length
        }
        if (allowed === n) {
          for (let i = 0; i < 1000 && !inbox.some((m) => m.t === 'complete'); i++) await sleep(2)
          expect(inbox.at(-1)).toEqual({ t: 'complete', ref: ref.id, count: n })
        } else port.postMessage({ t: 'cancel', ref: ref.id, reason: 'enough' })
        await sleep(2)
        port.close()
      }),
      { numRuns: 40 },
    )
  })
})
