import { describe, expect, it } from 'vitest'
import { InMemoryEventStore } from '../../src/eventstore/InMemoryEventStore.js'
import type { EventEnvelope } from '../../src/eventstore/EventEnvelope.js'
import {
  InMemoryLeaseStore,
  InMemoryOffsetStore,
  Projection,
  ProjectionId,
  ScaleOut,
  SourceProvider,
  sliceRanges,
  type LeaseStore,
  type ProjectionControl,
  type ScaleOutControl,
} from '../../src/projection/index.js'

type Env = EventEnvelope<{ n: number }>

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A lease store a "killed" member can no longer reach: its calls never answer, as with a dead process. */
function killable(store: LeaseStore): { store: LeaseStore; kill(): void } {
  let dead = false
  const never = new Promise<never>(() => {})
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown
      if (typeof v !== 'function') return v
      return (...args: unknown[]) => (dead ? never : (v as (...a: unknown[]) => unknown).apply(target, args))
    },
  })
  return { store: wrapped, kill: () => (dead = true) }
}

describe('ScaleOut', () => {
  it('cuts the 1024 slices into contiguous ranges', () => {
    expect(sliceRanges(4).map((r) => r.key)).toEqual(['0-255', '256-511', '512-767', '768-1023'])
    expect(sliceRanges(3).map((r) => [r.minSlice, r.maxSlice])).toEqual([[0, 340], [341, 681], [682, 1023]])
    expect(() => sliceRanges(0)).toThrow('sliceRanges(count): expected a positive integer')
    expect(() => sliceRanges(1025)).toThrow(/at most 1024/)
  })

  it('members share the ranges, take over a dead member’s ranges after its lease expires, rebalance for a newcomer; every event counted once', async () => {
    const events = new InMemoryEventStore<{ n: number }>()
    const offsets = new InMemoryOffsetStore()
    const leases = new InMemoryLeaseStore()
    const counted = new Map<string, number>() // event id -> times applied
    let appended = 0
    const append = async (k: number) => {
      for (let i = 0; i < k; i++) {
        await events.append(`agg-${appended}`, [{ type: 'E', payload: { n: appended } }], { expectedSequenceNumber: 0 })
        appended++
      }
    }
    await append(200)
    const controls = new Map<string, ProjectionControl[]>()
    const member = (owner: string, store: LeaseStore): ScaleOutControl =>
      ScaleOut.run({
        name: 'counts',
        owner,
        leaseStore: store,
        ranges: 4,
        leaseTtl: 150,
        heartbeat: 30,
        start: (r) => {
          const c = Projection.exactlyOnce<Env, unknown>({
            id: ProjectionId.of('counts', r.key),
            sourceProvider: SourceProvider.eventsBySlices(events, r.minSlice, r.maxSlice),
            offsetStore: offsets,
            handler: (e) => void counted.set(e.id, (counted.get(e.id) ?? 0) + 1),
          }).run()
          controls.set(owner, [...(controls.get(owner) ?? []), c])
          return c
        },
      })
    const a = member('a', leases)
    const bLink = killable(leases)
    const b = member('b', bLink.store)
    const c = member('c', leases)
    const all = () => [...a.owned(), ...b.owned(), ...c.owned()]
    await until(() => all().length === 4 && new Set(all()).size === 4, 'the four ranges to be owned once')
    // members a, b, c (sorted): 4 ranges split 2, 1, 1
    await until(() => a.owned().length === 2 && b.owned().length === 1 && c.owned().length === 1, 'the split 2/1/1')
    expect(new Set(all()).size).toBe(4)

    // b dies: its projections stop (the process is gone) and it renews nothing any more
    const bOwned = b.owned()
    bLink.kill()
    await Promise.all((controls.get('b') ?? []).map((x) => x.stop()))
    await append(100)
    await until(() => bOwned.every((k) => a.owned().includes(k) || c.owned().includes(k)), 'a and c to take over b’s ranges')

    // d joins: the share drops to ceil(4 / 3) = 2 and everybody ends up with at most 2
    const d = member('d', leases)
    await append(50)
    await until(() => d.owned().length >= 1, 'd to get a range')
    await until(() => [...a.owned(), ...c.owned(), ...d.owned()].length === 4, 'all four ranges owned again')
    await until(() => counted.size === appended, `all ${appended} events counted`)
    await Promise.all([a.stop(), c.stop(), d.stop()])
    expect([...counted.values()].every((n) => n === 1)).toBe(true)
    expect(counted.size).toBe(350)
    expect(await leases.holders('counts')).toEqual(new Map())
    await events.close()
  })
})
