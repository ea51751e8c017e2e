import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src/eventstore/EventEnvelope.js'
import { InMemoryEventStore } from '../../src/eventstore/InMemoryEventStore.js'
import { InMemoryOffsetStore, Projection, ProjectionId, ProjectionTestKit, SourceProvider } from '../../src/projection/index.js'
import { testCollectors } from './metricsRecorder.js'

type Posted = { room: string; n: number }

const collector = testCollectors()

async function storeWith(count: number): Promise<InMemoryEventStore<Posted>> {
  const store = new InMemoryEventStore<Posted>()
  for (let i = 0; i < count; i++)
    await store.append(`m-${i}`, [{ type: 'MessagePosted', payload: { room: 'r', n: i }, occurredAt: new Date(Date.now() - 60_000) }], { expectedSequenceNumber: 0 })
  return store
}

describe('projection metrics', () => {
  it('report lag (events and ms), processed and restarts while the projection runs, and its final totals once after it stopped', async () => {
    const store = await storeWith(30)
    const { recorder, collect } = collector()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const projection = Projection.atLeastOnce<EventEnvelope<Posted>>({
      id: ProjectionId.of('rooms', '0-1023'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      handler: async (e) => {
        if (e.payload.n === 10) await gate
      },
    })
    const a = { projection: 'rooms', 'projection.key': '0-1023' }
    // held at n = 10: offsets 11..30 are after the saved offset 10 (the store is counted about once a second)
    const first = await ProjectionTestKit.runUntil(projection, () => {
      collect()
      expect(recorder.value('sluice.projection.lag_events', a)).toBe(20)
      expect(recorder.value('sluice.projection.processed', a)).toBe(10)
      expect(recorder.value('sluice.projection.lag_ms', a)).toBeGreaterThanOrEqual(60_000)
      expect(recorder.value('sluice.projection.restarts', a)).toBe(0)
      expect(recorder.value('sluice.stage.elements_out', { stream: 'rooms/0-1023' })).toBeGreaterThan(0)
      release() // runUntil stops it gracefully: the envelope in the handler is finished and saved
    })
    // stopped: the collector reports its final totals once more, then forgets it
    collect()
    expect(recorder.value('sluice.projection.processed', a)).toBe(first.processed)
    collect()
    expect(recorder.value('sluice.projection.processed', a)).toBeUndefined()

    const second = await ProjectionTestKit.runUntilCaughtUp(projection, () => {
      collect()
      expect(recorder.value('sluice.projection.lag_events', a)).toBe(0)
      expect(recorder.value('sluice.projection.lag_ms', a)).toBe(0)
      expect(recorder.value('sluice.projection.processed', a)).toBe(30 - first.processed) // this run: from the saved offset on
    })
    expect(second.processed).toBe(30 - first.processed)
    await store.close()
  })

  it('count skipped envelopes and restarts after failures', async () => {
    const store = await storeWith(5)
    const { recorder, collect } = collector()
    let failures = 0
    const projection = Projection.atLeastOnce<EventEnvelope<Posted>>({
      id: ProjectionId.of('flaky'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      restart: { minBackoff: 1, maxBackoff: 5, randomFactor: 0 },
      handler: (e) => {
        if (e.payload.n === 2 && failures++ === 0) throw new Error('once')
      },
    })
    await ProjectionTestKit.runUntilCaughtUp(projection, () => {
      collect()
      expect(recorder.value('sluice.projection.restarts', { projection: 'flaky' })).toBe(1)
      expect(recorder.value('sluice.projection.skipped', { projection: 'flaky' })).toBe(0)
    })
    await store.close()
  })
})
