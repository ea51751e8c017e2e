import { describe, expect, it } from 'vitest'
import { InMemoryEventStore, type EventEnvelope } from '../../src/eventstore/index.js'
import { runScheduled, TestSink, VirtualScheduler } from '../../src/testkit/index.js'
import { eventStoreContract, fill } from './contract.js'

eventStoreContract('InMemoryEventStore', { create: async (options) => new InMemoryEventStore(options) })

describe('InMemoryEventStore', () => {
  it('numbers offsets 1, 2, 3, ...', async () => {
    const store = new InMemoryEventStore()
    const events = [...(await fill(store, 'a', 2)), ...(await fill(store, 'b', 2))]
    expect(events.map((e) => e.offset)).toEqual([1, 2, 3, 4])
    expect(store.size).toBe(4)
  })

  it('waits at the head without timers: woken by appends, nothing left scheduled after cancel', async () => {
    const store = new InMemoryEventStore()
    await fill(store, 'a', 3)
    const scheduler = new VirtualScheduler()
    const probe = store.allEvents().runWith(TestSink.probe<EventEnvelope>(), { scheduler })
    probe.request(10)
    await probe.expectNextN(3)
    expect(scheduler.pendingTimers).toBe(0)
    await fill(store, 'b', 2)
    await probe.expectNextN(2)
    probe.cancel()
    expect(scheduler.pendingTimers).toBe(0)
  })

  it('reads an aggregate with one pull per event and leaves no timer behind', async () => {
    const store = new InMemoryEventStore({ initialPageSize: 1 })
    await fill(store, 'a', 5)
    const run = await runScheduled(store.eventsById('a'), [{ request: 2 }, { request: 10 }])
    expect(run.outcome).toBe('completed')
    expect(run.elements.map((e) => e.sequenceNumber)).toEqual([1, 2, 3, 4, 5])
    expect(run.pendingTimers).toBe(0)
    expect(run.violations).toEqual([])
  })
})
