import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../src/dsl/Source.js'
import { Flow } from '../../src/dsl/Flow.js'
import { runningStreams } from '../../src/core/Run.js'
import { VirtualScheduler } from '../../src/core/Scheduler.js'
import { detectStalls, type StallReport } from '../../src/observability/index.js'
import { InMemoryEventStore } from '../../src/eventstore/InMemoryEventStore.js'
import type { EventEnvelope } from '../../src/eventstore/EventEnvelope.js'
import {
  HandlerError,
  HandlerRecovery,
  InMemoryOffsetStore,
  OffsetConflictError,
  Projection,
  ProjectionId,
  ProjectionStoppedError,
  SequenceGapError,
  SourceProvider,
  type OffsetEnvelope,
  type ProjectionEvent,
} from '../../src/projection/index.js'

type Posted = { room: string; n: number }
type Env = EventEnvelope<Posted>

const fast = { minBackoff: 1, maxBackoff: 5, randomFactor: 0 }

/** Waits (at most 5 s) until `condition` holds: no fixed delays that a loaded machine outruns. */
async function eventually(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
}

/** Appends `count` events spread over `aggregates` aggregates; returns the store. */
async function storeWith(count: number, aggregates = 5): Promise<InMemoryEventStore<Posted>> {
  const store = new InMemoryEventStore<Posted>()
  const seq = new Map<string, number>()
  for (let i = 0; i < count; i++) {
    const agg = `m-${i % aggregates}`
    const s = seq.get(agg) ?? 0
    await store.append(agg, [{ type: 'MessagePosted', payload: { room: `r${i % 3}`, n: i } }], { expectedSequenceNumber: s })
    seq.set(agg, s + 1)
  }
  return store
}

function fold(events: readonly Env[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const e of events) m.set(e.payload.room, (m.get(e.payload.room) ?? 0) + e.payload.n)
  return m
}

describe('Projection: observability', () => {
  it('a hanging handler is named in a stall report: the projection and the step', async () => {
    const store = await storeWith(5)
    let release: (() => void) | undefined
    const scheduler = new VirtualScheduler()
    const reports: StallReport[] = []
    const detector = detectStalls({ thresholdMs: 1_000, checkEveryMs: 100, scheduler, onStall: (r) => reports.push(r) })
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('hangs'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      handler: (e) => (e.payload.n === 2 ? new Promise<void>((r) => (release = r)) : undefined),
    }).run()
    await eventually(() => release !== undefined)
    for (let t = 0; t < 1_500; t += 100) await scheduler.advance(100)
    const mine = reports.filter((r) => r.stream.name === 'hangs')
    expect(mine).toHaveLength(1)
    expect(mine[0]!.culprit.name).toBe('hangs handler')
    expect(mine[0]!.culprit.holds).toContain('1 in flight')
    release!()
    await control.whenCaughtUp()
    expect(control.status().processed).toBe(5)
    detector.stop()
    await control.stop()
  })
})

describe('Projection: delivery modes on the in-memory stores', () => {
  it('at-least-once builds the read model and saves the last offset', async () => {
    const store = await storeWith(40)
    const model = new Map<string, number>()
    const offsets = new InMemoryOffsetStore()
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('rooms'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: offsets,
      saveOffset: { afterEnvelopes: 7, afterDuration: '20ms' },
      handler: (e) => void model.set(e.payload.room, (model.get(e.payload.room) ?? 0) + e.payload.n),
    }).run()
    await control.whenCaughtUp()
    const all = await store.allEvents().take(40).runCollect()
    expect(model).toEqual(fold(all))
    expect(await control.offset()).toBe(40)
    expect(control.status()).toMatchObject({ state: 'running', processed: 40, caughtUp: true, offset: 40 })
    await control.stop()
    expect(control.status().state).toBe('stopped')
    await store.close()
  })

  it('keeps going live: events appended later are projected', async () => {
    const store = await storeWith(3)
    const seen: number[] = []
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('live'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      handler: (e) => void seen.push(e.payload.n),
    }).run()
    await control.whenCaughtUp()
    await store.append('late', [{ type: 'MessagePosted', payload: { room: 'x', n: 99 } }], { expectedSequenceNumber: 0 })
    await control.whenCaughtUp()
    expect(seen).toEqual([0, 1, 2, 99])
    await control.stop()
    await store.close()
  })

  it('exactly-once saves the offset with each envelope, in the store transaction', async () => {
    const store = await storeWith(10)
    const offsets = new InMemoryOffsetStore()
    const txs: unknown[] = []
    const control = Projection.exactlyOnce<Env, unknown>({
      id: ProjectionId.of('exact'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: offsets,
      handler: (_e, tx) => void txs.push(tx),
    }).run()
    await control.whenCaughtUp()
    expect(txs).toHaveLength(10)
    expect(txs[0]).toEqual({ store: offsets })
    expect((await offsets.load(ProjectionId.of('exact'))).version).toBe(10)
    await control.stop()
    await store.close()
  })

  it('exactly-once grouped runs one transaction per group', async () => {
    const store = await storeWith(10)
    const sizes: number[] = []
    const offsets = new InMemoryOffsetStore()
    const control = Projection.exactlyOnceGrouped<Env, unknown>({
      id: ProjectionId.of('grouped'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: offsets,
      group: { size: 4, within: '10ms' },
      handler: (envs) => void sizes.push(envs.length),
    }).run()
    await control.whenCaughtUp()
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4)
    expect((await offsets.load(ProjectionId.of('grouped'))).version).toBe(sizes.length)
    await control.stop()
    await store.close()
  })

  it('at-least-once through a Flow and in groups', async () => {
    const store = await storeWith(12)
    const viaFlow: number[] = []
    const c1 = Projection.atLeastOnceFlow<Env>({
      id: ProjectionId.of('flow'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      flow: Flow.create<Env>().mapAsync(2, async (e) => {
        viaFlow.push(e.payload.n)
        return e
      }),
      saveOffset: { afterEnvelopes: 5, afterDuration: '5ms' },
    }).run()
    const groups: number[][] = []
    const c2 = Projection.atLeastOnceGrouped<Env>({
      id: ProjectionId.of('groups'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      group: { size: 5, within: '5ms' },
      handler: (envs) => void groups.push(envs.map((e) => e.payload.n)),
    }).run()
    await Promise.all([c1.whenCaughtUp(), c2.whenCaughtUp()])
    expect(viaFlow.sort((a, b) => a - b)).toEqual([...Array(12).keys()])
    expect(groups.flat()).toEqual([...Array(12).keys()])
    expect(await c1.offset()).toBe(12)
    await Promise.all([c1.stop(), c2.stop()])
    await store.close()
  })

  it('at-most-once saves before handling: the envelope that failed is not handled again', async () => {
    const store = await storeWith(6)
    const handled: number[] = []
    const offsets = new InMemoryOffsetStore()
    let failed = false
    const control = Projection.atMostOnce<Env>({
      id: ProjectionId.of('amo'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: offsets,
      restart: fast,
      handler: (e) => {
        if (e.payload.n === 2 && !failed) {
          failed = true
          throw new Error('boom')
        }
        handled.push(e.payload.n)
      },
    }).run()
    await control.whenCaughtUp()
    expect(handled).toEqual([0, 1, 3, 4, 5])
    expect(control.status().restarts).toBe(1)
    await control.stop()
    await store.close()
  })
})

describe('Projection: failures', () => {
  it('restarts from the last saved offset; duplicates stay within the unsaved window and the guard drops them', async () => {
    const store = await storeWith(30)
    const counts = new Map<number, number>()
    let thrown = 0
    const events: ProjectionEvent[] = []
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('restart'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 10, afterDuration: '1h' },
      restart: fast,
      sequenceGuard: false, // see every redelivery
      handler: (e) => {
        counts.set(e.payload.n, (counts.get(e.payload.n) ?? 0) + 1)
        if (e.payload.n === 15 && thrown++ === 0) throw new Error('transient')
      },
      onStatus: (e) => events.push(e),
    }).run()
    await control.whenCaughtUp()
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([...Array(30).keys()])
    const twice = [...counts].filter(([, c]) => c > 1).map(([n]) => n)
    expect(twice).toEqual([10, 11, 12, 13, 14, 15]) // saved at 10: 10..15 handled again, at most the window of 10
    const failed = events.find((e) => e.type === 'failed')
    expect(failed).toMatchObject({ type: 'failed', offset: 16, aggregateId: 'm-0', next: 'restart' })
    expect(events.some((e) => e.type === 'restarted')).toBe(true)
    await control.stop()
    await store.close()
  })

  it('skip, retryAndSkip and retryAndFail act per envelope', async () => {
    const store = await storeWith(5)
    const run = async (recovery: HandlerRecovery) => {
      let tries = 0
      const seen: number[] = []
      const events: ProjectionEvent[] = []
      const control = Projection.atLeastOnce<Env>({
        id: ProjectionId.of('rec'),
        sourceProvider: SourceProvider.allEvents(store),
        offsetStore: new InMemoryOffsetStore(),
        restart: { ...fast, maxRestarts: 0 },
        recovery,
        saveOffset: { afterEnvelopes: 1 },
        handler: (e) => {
          if (e.payload.n === 2) {
            tries++
            throw new Error('poison')
          }
          seen.push(e.payload.n)
        },
        onStatus: (e) => events.push(e),
      }).run()
      await Promise.race([control.whenCaughtUp().catch(() => {}), control.done])
      const status = control.status()
      await control.stop()
      return { tries, seen, status, events }
    }
    const skip = await run(HandlerRecovery.skip)
    expect(skip).toMatchObject({ tries: 1, seen: [0, 1, 3, 4], status: { skipped: 1, processed: 5 } })
    const retrySkip = await run(HandlerRecovery.retryAndSkip(2, 1))
    expect(retrySkip).toMatchObject({ tries: 3, seen: [0, 1, 3, 4], status: { skipped: 1 } })
    expect(retrySkip.events.filter((e) => e.type === 'failed').map((e) => (e as { next: string }).next)).toEqual(['retry', 'retry', 'skip'])
    const retryFail = await run(HandlerRecovery.retryAndFail(1, 1))
    expect(retryFail.tries).toBe(2)
    expect(retryFail.seen).toEqual([0, 1])
    expect(retryFail.status.state).toBe('failed') // the restarts ran out: failed for good
    expect(retryFail.status.lastError).toBeInstanceOf(HandlerError)
    expect((retryFail.status.lastError as HandlerError).attempts).toBe(2)
    expect(retryFail.status.lastError!.message).toMatch(/projection rec: handler failed at offset 3 \(aggregate "m-2"\) after 2 attempts: poison/)
    await store.close()
  })

  it('two instances of one id cannot both advance the offset (compare-and-set)', async () => {
    const offsets = new InMemoryOffsetStore()
    const id = ProjectionId.of('cas')
    const v = (await offsets.load(id)).version
    await offsets.save(id, { offset: 1, sequences: new Map() }, v)
    await expect(offsets.save(id, { offset: 2, sequences: new Map() }, v)).rejects.toBeInstanceOf(OffsetConflictError)
    await expect(offsets.save(id, { offset: 2, sequences: new Map() }, v)).rejects.toThrow(/saveOffset\(cas\): expected version 0, found 1/)
    expect((await offsets.load(id)).offset).toBe(1)
  })
})

describe('Projection: sequence guard', () => {
  const envs = (list: [string, number][]): (OffsetEnvelope & { n: number })[] =>
    list.map(([aggregateId, sequenceNumber], i) => ({ offset: i + 1, aggregateId, sequenceNumber, n: i }))

  it('drops redelivered envelopes per aggregate', async () => {
    const seen: string[] = []
    const control = Projection.atLeastOnce({
      id: ProjectionId.of('dups'),
      sourceProvider: SourceProvider.fromSource(() => Source.from(envs([['a', 1], ['a', 2], ['a', 1], ['b', 1], ['a', 2], ['a', 3], ['b', 1]])), { completeAggregates: true }),
      offsetStore: new InMemoryOffsetStore(),
      handler: (e) => void seen.push(`${e.aggregateId}${e.sequenceNumber}`),
    }).run()
    await control.done
    expect(seen).toEqual(['a1', 'a2', 'b1', 'a3'])
    expect(control.status()).toMatchObject({ duplicatesDropped: 3, processed: 4 })
  })

  it('fails on a gap with SequenceGapError naming the aggregate and the missing numbers', async () => {
    const events: ProjectionEvent[] = []
    const control = Projection.atLeastOnce({
      id: ProjectionId.of('gaps'),
      sourceProvider: SourceProvider.fromSource(() => Source.from(envs([['a', 1], ['a', 4]])), { completeAggregates: true }),
      offsetStore: new InMemoryOffsetStore(),
      restart: { ...fast, maxRestarts: 0 },
      handler: () => {},
      onStatus: (e) => events.push(e),
    }).run()
    await control.done
    const err = control.status().lastError
    expect(err).toBeInstanceOf(SequenceGapError)
    expect(err).toMatchObject({ aggregateId: 'a', expected: 2, actual: 4 })
    expect(err!.message).toContain('events 2..3 missing')
  })

  it('repairs a gap by re-reading the aggregate from the store', async () => {
    const store = await storeWith(8, 2) // m-0: n=0,2,4,6 ; m-1: n=1,3,5,7
    const all = await store.allEvents().take(8).runCollect()
    const withHole = all.filter((e) => e.payload.n !== 2 && e.payload.n !== 4) // m-0 loses seq 2 and 3
    const seen: number[] = []
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('repair'),
      sourceProvider: { ...SourceProvider.allEvents(store), source: () => Source.from(withHole) },
      offsetStore: new InMemoryOffsetStore(),
      sequenceGuard: { gaps: 'repair' },
      handler: (e) => void seen.push(e.payload.n),
    }).run()
    await control.done
    expect(seen).toEqual([0, 1, 3, 5, 2, 4, 6, 7])
    await store.close()
  })
})

describe('Projection: management', () => {
  it('pause is persisted: a new run of the same id stays paused until resumed', async () => {
    const store = await storeWith(5)
    const offsets = new InMemoryOffsetStore()
    const seen: number[] = []
    const make = () =>
      Projection.atLeastOnce<Env>({
        id: ProjectionId.of('pausing'),
        sourceProvider: SourceProvider.allEvents(store),
        offsetStore: offsets,
        saveOffset: { afterEnvelopes: 1 },
        handler: (e) => void seen.push(e.payload.n),
      })
    const first = make().run()
    await first.whenCaughtUp()
    await first.pause()
    expect(first.status().state).toBe('paused')
    await first.stop()
    await store.append('m-0', [{ type: 'MessagePosted', payload: { room: 'r', n: 5 } }], { expectedSequenceNumber: 1 })
    const second = make().run()
    await eventually(() => second.status().state !== 'starting')
    expect(second.status().state).toBe('paused')
    expect(seen).toEqual([0, 1, 2, 3, 4])
    await second.resume()
    await second.whenCaughtUp()
    expect(seen).toEqual([0, 1, 2, 3, 4, 5])
    await second.stop()
    await store.close()
  })

  it('setOffset skips a poison event; clearOffset rebuilds from scratch', async () => {
    const store = await storeWith(6, 6)
    const seen: number[] = []
    let poisoned = true
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('manage'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      restart: { minBackoff: '1h', maxBackoff: '1h', randomFactor: 0 }, // a poison event stops it until someone acts
      handler: (e) => {
        if (e.payload.n === 3 && poisoned) throw new Error('poison')
        seen.push(e.payload.n)
      },
    }).run()
    await eventually(() => control.status().state === 'failed')
    expect(control.status().state).toBe('failed')
    expect(await control.offset()).toBe(3)
    await control.setOffset(4) // skip offset 4 (n = 3)
    await control.whenCaughtUp()
    expect(seen).toEqual([0, 1, 2, 4, 5])
    seen.length = 0
    poisoned = false
    await control.clearOffset()
    await control.whenCaughtUp()
    expect(seen).toEqual([0, 1, 2, 3, 4, 5])
    await expect(control.whenCaughtUp()).resolves.toBeUndefined()
    await control.stop()
    await expect(control.setOffset(3)).rejects.toBeInstanceOf(ProjectionStoppedError)
    await expect(control.whenCaughtUp()).rejects.toBeInstanceOf(ProjectionStoppedError)
    await store.close()
  })

  it('reports lag in milliseconds from occurredAt, and progress events', async () => {
    const store = new InMemoryEventStore<Posted>()
    await store.append('a', [{ type: 'MessagePosted', payload: { room: 'r', n: 1 }, occurredAt: new Date(Date.now() - 60_000) }], { expectedSequenceNumber: 0 })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const progress: ProjectionEvent[] = []
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('lag'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      handler: async () => void (await gate),
      onStatus: (e) => e.type === 'progress' && progress.push(e),
    }).run()
    await eventually(() => control.status().lag.events === 1)
    expect(control.status().lag.events).toBe(1)
    release()
    await control.whenCaughtUp()
    expect(control.status().lag).toEqual({ events: 0, ms: 0 })
    expect(progress).toEqual([{ type: 'progress', id: ProjectionId.of('lag'), offset: 1, processed: 1 }])
    await control.stop()
    await store.close()
  })

  it('counts the lag in events from the store while catching up', async () => {
    const store = await storeWith(30)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('backlog'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      handler: async (e) => {
        if (e.payload.n === 10) await gate
      },
    }).run()
    // the store is counted about once a second; blocked at n = 10, the saved offset is 10
    await eventually(() => control.status().lag.events === 20)
    expect(control.status().lag.events).toBe(20) // offsets 11..30 are after the saved offset 10
    release()
    await control.whenCaughtUp()
    expect(control.status().lag.events).toBe(0)
    await control.stop()
    await store.close()
  })

  it('without the sequence guard saves no sequence numbers, and its first save clears the window a guarded run left (no false gaps when the guard is back)', async () => {
    const store = await storeWith(10, 2) // m-0 and m-1, 5 events each
    const offsetStore = new InMemoryOffsetStore()
    const saves: { offset: unknown; sequences: number; reset: boolean }[] = []
    const save = offsetStore.save.bind(offsetStore)
    offsetStore.save = (pid, u, v) => {
      saves.push({ offset: u.offset, sequences: u.sequences.size, reset: u.resetSequences === true })
      return save(pid, u, v)
    }
    const id = ProjectionId.of('guard-off')
    const seen: number[] = []
    const run = async (guard: false | undefined): Promise<void> => {
      const control = Projection.atLeastOnce<Env>({
        id,
        sourceProvider: SourceProvider.allEvents(store),
        offsetStore,
        saveOffset: { afterEnvelopes: 2 },
        ...(guard === false ? { sequenceGuard: false as const } : {}),
        restart: { ...fast, maxRestarts: 0 },
        handler: (e) => void seen.push(e.payload.n),
      }).run()
      await control.whenCaughtUp()
      expect(control.status().state).toBe('running')
      await control.stop()
    }
    await run(undefined) // guarded: saves the window
    expect(Object.fromEntries((await offsetStore.load(id)).sequences)).toEqual({ 'm-0': 5, 'm-1': 5 })
    const append = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const agg = `m-${i % 2}`
        const last = (await store.eventsById(agg, { fromSequenceNumber: 1 }).runCollect()).length
        await store.append(agg, [{ type: 'MessagePosted', payload: { room: 'r0', n: 100 + seen.length + i } }], { expectedSequenceNumber: last })
      }
    }
    await append(4)
    saves.length = 0
    await run(false) // unguarded: the first save resets, none carries sequence numbers
    expect(saves.map((s) => s.reset)).toEqual([true, false])
    expect(saves.every((s) => s.sequences === 0)).toBe(true)
    expect((await offsetStore.load(id)).sequences.size).toBe(0)
    await append(4)
    saves.length = 0
    await run(false) // nothing to reset any more
    expect(saves.map((s) => s.reset)).toEqual([false, false])
    await append(4)
    await run(undefined) // guarded again: m-0 and m-1 at 9 would be gaps against a stale window of 5
    expect(seen).toHaveLength(22)
    expect(Object.fromEntries((await offsetStore.load(id)).sequences)).toEqual({ 'm-0': 11, 'm-1': 11 })
    await store.close()
  })

  it('rejects bad settings with errors that name the call and the setting', () => {
    const base = { id: ProjectionId.of('x'), sourceProvider: SourceProvider.fromSource(() => Source.empty<OffsetEnvelope>()), offsetStore: new InMemoryOffsetStore() }
    expect(() => Projection.atLeastOnce({ ...base, handler: 3 as never })).toThrow('Projection.atLeastOnce(settings.handler): expected a function')
    expect(() => Projection.atLeastOnce({ ...base, handler: () => {}, saveOffset: { afterEnvelopes: 0 } })).toThrow(/Projection.atLeastOnce\(saveOffset.afterEnvelopes\)/)
    expect(() => Projection.atLeastOnceGrouped({ ...base, handler: () => {}, group: { size: 2, within: 'soon' as never } })).toThrow(/group.within/)
    expect(() => Projection.exactlyOnce({ ...base, offsetStore: { kind: 'fake' } as never, handler: () => {} })).toThrow(/expected a transactional offset store/)
    expect(() => ProjectionId.of('')).toThrow('ProjectionId.of(name): expected a non-empty string, got ""')
    expect(() => HandlerRecovery.retryAndFail(-1, 10)).toThrow(/retryAndFail\(retries\)/)
    expect(() => SourceProvider.eventsByTag(new InMemoryEventStore(), '')).toThrow(/eventsByTag\(tag\)/)
  })

  it('stop() releases the subscription: the store has no subscriber left', async () => {
    const store = await storeWith(5)
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('cleanup'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      saveOffset: { afterEnvelopes: 1 },
      handler: () => {},
    }).run()
    await control.whenCaughtUp()
    expect(store.subscriptionCount).toBe(1)
    await control.stop()
    expect(store.subscriptionCount).toBe(0)
    await store.close()
  })

  it('runs its stream under its id, so runningStreams, snapshots and stall reports can name it', async () => {
    const store = await storeWith(5)
    const control = Projection.atLeastOnce<Env>({
      id: ProjectionId.of('named-run', '0-255'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: new InMemoryOffsetStore(),
      handler: () => {},
    }).run()
    await control.whenCaughtUp()
    const [stream] = runningStreams('named-run/0-255')
    expect(stream?.snapshot().stages.map((s) => s.name)).toContain('allEvents')
    await control.stop()
    await eventually(() => runningStreams('named-run/0-255').length === 0)
    expect(runningStreams('named-run/0-255')).toEqual([])
    await store.close()
  })
})

describe('Projection: guarantees under random failures (property)', () => {
  it('exactly-once: the read model equals the fold of all events, whatever fails and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
        async (count, failAt, stopAfter) => {
          const store = await storeWith(count, 4)
          const offsets = new InMemoryOffsetStore()
          const model = new Map<string, number>()
          const pendingFailures = new Set(failAt.filter((n) => n < count))
          const make = () =>
            Projection.exactlyOnce<Env, unknown>({
              id: ProjectionId.of('prop-exact'),
              sourceProvider: SourceProvider.allEvents(store),
              offsetStore: offsets,
              restart: fast,
              // the write and the offset commit together: a throw writes neither
              handler: (e) => {
                if (pendingFailures.delete(e.payload.n)) throw new Error(`injected at ${e.payload.n}`)
                model.set(e.payload.room, (model.get(e.payload.room) ?? 0) + e.payload.n)
              },
            })
          // restarts of the whole process at random points: stop and run again from the stored offset
          for (const after of stopAfter) {
            const c = make().run()
            await Promise.race([c.whenCaughtUp(), new Promise((r) => setTimeout(r, after % 5))])
            await c.stop()
          }
          const c = make().run()
          await c.whenCaughtUp()
          await c.stop()
          const all = await store.allEvents().take(count).runCollect()
          expect(model).toEqual(fold(all))
          await store.close()
        },
      ),
      { numRuns: 25 },
    )
  })

  it('at-least-once: an idempotent read model is exact; a counting one doubles at most the unsaved window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 4 }), async (count, window, failAt) => {
        const store = await storeWith(count, 3)
        const lastValue = new Map<string, number>()
        const handledTimes = new Map<number, number>()
        const pending = new Set(failAt.filter((n) => n < count))
        let handledSinceSave: number[] = []
        let unsavedAtFailures = 0
        const control = Projection.atLeastOnce<Env>({
          id: ProjectionId.of('prop-alo'),
          sourceProvider: SourceProvider.allEvents(store),
          offsetStore: new InMemoryOffsetStore(),
          restart: fast,
          sequenceGuard: false,
          saveOffset: { afterEnvelopes: window, afterDuration: '5ms' },
          handler: (e) => {
            handledTimes.set(e.payload.n, (handledTimes.get(e.payload.n) ?? 0) + 1)
            handledSinceSave.push(e.offset)
            if (pending.delete(e.payload.n)) throw new Error('injected')
            lastValue.set(e.aggregateId, e.payload.n)
          },
          onStatus: (ev) => {
            if (ev.type === 'progress') handledSinceSave = handledSinceSave.filter((o) => o > (ev.offset as number))
            // at a failure, what was handled but not saved is what the restart hands again
            if (ev.type === 'failed' && ev.next === 'restart') unsavedAtFailures += handledSinceSave.length
          },
        }).run()
        await control.whenCaughtUp()
        await control.stop()
        const all = await store.allEvents().take(count).runCollect()
        const expected = new Map<string, number>()
        for (const e of all) expected.set(e.aggregateId, e.payload.n)
        expect(lastValue).toEqual(expected)
        const duplicates = [...handledTimes.values()].reduce((a, c) => a + c - 1, 0)
        expect(duplicates).toBeLessThanOrEqual(unsavedAtFailures)
        expect(unsavedAtFailures).toBeLessThanOrEqual(failAt.length * (2 * window + 1))
        expect(handledTimes.size).toBe(count)
        await store.close()
      }),
      { numRuns: 25 },
    )
  })
})
