import { describe, expect, it } from 'vitest'
import { VirtualScheduler } from '../../src/core/Scheduler.js'
import {
  HandlerRecovery,
  InMemoryOffsetStore,
  Projection,
  ProjectionId,
  ProjectionTestKit,
  TestSourceProvider,
  type OffsetEnvelope,
} from '../../src/projection/index.js'

type Env = OffsetEnvelope & { readonly n: number }
const env = (offset: number, aggregateId: string, sequenceNumber: number, n: number): Env => ({ offset, aggregateId, sequenceNumber, n })

describe('ProjectionTestKit and TestSourceProvider', () => {
  it('runs until caught up, asserts, stops and releases the source', async () => {
    const provider = new TestSourceProvider<Env>()
    provider.offer(env(1, 'a', 1, 10), env(2, 'b', 1, 20), env(5, 'a', 2, 30))
    const sum = new Map<string, number>()
    const projection = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('sum'),
      sourceProvider: provider,
      offsetStore: new InMemoryOffsetStore(),
      handler: (e) => void sum.set(e.aggregateId!, (sum.get(e.aggregateId!) ?? 0) + e.n),
    })
    const status = await ProjectionTestKit.runUntilCaughtUp(projection, () => {
      expect(sum).toEqual(new Map([['a', 40], ['b', 20]]))
    })
    expect(status).toMatchObject({ processed: 3, offset: 5, caughtUp: true })
    expect(provider.runningSources).toBe(0)
  })

  it('in virtual time: a retry delay of an hour and the afterDuration save pass without waiting', async () => {
    const scheduler = new VirtualScheduler()
    const provider = new TestSourceProvider<Env>()
    provider.offer(env(1, 'a', 1, 1), env(2, 'a', 2, 2))
    let failures = 0
    const seen: number[] = []
    const projection = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('virtual'),
      sourceProvider: provider,
      offsetStore: new InMemoryOffsetStore(),
      scheduler,
      recovery: HandlerRecovery.retryAndFail(1, '1h'),
      saveOffset: { afterEnvelopes: 100, afterDuration: '10m' },
      handler: (e) => {
        if (e.n === 2 && failures++ === 0) throw new Error('once')
        seen.push(e.n)
      },
    })
    const status = await ProjectionTestKit.runUntilCaughtUp(projection, undefined, { scheduler, timeout: '2h' })
    expect(seen).toEqual([1, 2])
    expect(scheduler.now()).toBeGreaterThanOrEqual(3_600_000)
    expect(status).toMatchObject({ offset: 2, processed: 2 })
  }, 20_000) // an hour of virtual time; waiting it out for real would time out

  it('runUntil retries the assertion; a projection that cannot catch up fails with its status', async () => {
    const provider = new TestSourceProvider<Env>()
    const seen: number[] = []
    const projection = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('until'),
      sourceProvider: provider,
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      handler: (e) => void seen.push(e.n),
    })
    setTimeout(() => provider.offer(env(1, 'a', 1, 7)), 20)
    await ProjectionTestKit.runUntil(projection, () => expect(seen).toEqual([7]))

    provider.fail(new Error('source down'))
    const failing = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('down'),
      sourceProvider: provider,
      offsetStore: new InMemoryOffsetStore(),
      restart: { minBackoff: 10, maxBackoff: 10, randomFactor: 0 },
      handler: () => {},
    })
    await expect(ProjectionTestKit.runUntilCaughtUp(failing, undefined, { timeout: 200 })).rejects.toThrow(
      /ProjectionTestKit: timed out after 200 ms waiting for the projection to catch up \(state (failed|running), .*last error source down\)/,
    )
    expect(provider.runningSources).toBe(0)
  })

  it('rejects offers that go backwards', () => {
    const provider = new TestSourceProvider<Env>()
    provider.offer(env(3, 'a', 1, 1))
    expect(() => provider.offer(env(3, 'a', 2, 2))).toThrow('TestSourceProvider.offer(envelope.offset): expected a number above 3, got 3')
  })
})
