import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { verifyPublisher } from '../../../src/testkit/index.js'
import { registerWithVitest } from '../../../src/testkit/tck/vitest.js'
import { StreamRefs, type SourceRef } from '../../../src/channels/worker/index.js'
import { RefsWorker } from './support.js'

// The Reactive Streams TCK on a Publisher whose elements come through a SourceRef made in a real
// worker thread: the worker runs Source(0..n-1) into StreamRefs.sourceRef(), this thread
// materializes the ref and exposes it with Sink.asPublisher().
let w: RefsWorker
// A failed Publisher must signal onError before any request, so its ref is fetched beforehand
// (createFailedPublisher is synchronous); the receiver's first grant of demand makes the worker's
// source fail at once.
const failedRefs: SourceRef<number>[] = []
beforeAll(async () => {
  w = new RefsWorker()
  for (let i = 0; i < 6; i++) failedRefs.push(await refFromWorker(1, 0))
})
afterAll(async () => {
  await w.terminate()
})

const refFromWorker = (n: number, failAt?: number): Promise<SourceRef<number>> =>
  w.call<SourceRef<number>>(failAt === undefined ? { cmd: 'sourceRef', n } : { cmd: 'sourceRef', n, failAt }).reply

const acrossWorker = (n: number, failAt?: number): Source<number> =>
  Source.fromPromise(refFromWorker(n, failAt)).flatMapConcat((ref) => StreamRefs.source(ref, { bufferCapacity: 16 }))

const checks = verifyPublisher<number>({
  createPublisher: (n) => acrossWorker(n).runWith(Sink.asPublisher<number>()),
  createFailedPublisher: () => StreamRefs.source(failedRefs.pop()!).runWith(Sink.asPublisher<number>()),
  timeoutMs: 3000,
})
registerWithVitest(checks, { title: 'TCK: a SourceRef from a worker_threads worker, as a Publisher' })

describe('TCK across a worker', () => {
  it('runs the required Publisher checks', () => {
    expect(checks.filter((c) => c.kind === 'required').length).toBeGreaterThan(10)
  })
  afterAll(() => {
    // refs fetched for failed-Publisher checks and not used: materialize them so the worker side ends
    for (const ref of failedRefs.splice(0)) void StreamRefs.source(ref).runWith(Sink.ignore()).catch(() => {})
  })
})
