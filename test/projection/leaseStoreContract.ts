/**
 * The lease-store contract: one suite, run against every backend (leaseStore.memory.test.ts,
 * leaseStore.sqlite.test.ts, leaseStore.postgres.test.ts).
 */
import { describe, expect, it } from 'vitest'
import type { LeaseStore } from '../../src/projection/LeaseStore.js'
import { StoreClosedError } from '../../src/projection/StoreClosedError.js'

/** What a factory hands the contract. */
export interface LeaseStoreHandle {
  /** A fresh store with no leases and no members. */
  readonly store: LeaseStore
  /** Another store on the same leases (a connection or pool of its own); memory returns the same store. `close()` closes it. */
  open(): Promise<LeaseStore>
  /** The lease duration the tests use: long enough for the backend's real latencies. */
  readonly ttlMs: number
  /** Lets `ms` pass on the store's clock (a virtual clock moves; a database clock is waited for). */
  advance(ms: number): Promise<void>
  /** Closes the stores the factory and `open()` opened. */
  close(): Promise<void>
}

const name = 'rooms'

export function leaseStoreContract(label: string, make: () => Promise<LeaseStoreHandle>): void {
  const using = async (body: (h: LeaseStoreHandle) => Promise<void>): Promise<void> => {
    const handle = await make()
    try {
      await body(handle)
    } finally {
      await handle.close()
    }
  }

  describe(`${label}: lease store contract`, () => {
    it('acquire: takes a free lease, refuses a held one, and extends its own', async () => {
      await using(async ({ store, ttlMs, advance }) => {
        expect(await store.acquire(name, '0-511', 'a', ttlMs)).toBe(true)
        expect(await store.acquire(name, '0-511', 'b', ttlMs)).toBe(false)
        expect(await store.acquire(name, '512-1023', 'b', ttlMs)).toBe(true)
        expect(await store.acquire('other', '0-511', 'b', ttlMs)).toBe(true) // names are apart
        await advance(ttlMs / 2)
        expect(await store.acquire(name, '0-511', 'a', ttlMs)).toBe(true) // again: now until 1.5 ttl
        await advance(ttlMs * 0.75)
        expect(await store.acquire(name, '0-511', 'b', ttlMs)).toBe(false)
        expect(Object.fromEntries(await store.holders(name))).toEqual({ '0-511': 'a' }) // b's expired at 1 ttl
      })
    })

    it('acquire: takes over a lease once it expired, and holders() leaves expired leases out', async () => {
      await using(async ({ store, ttlMs, advance }) => {
        expect(await store.acquire(name, 'k', 'a', ttlMs)).toBe(true)
        expect(await store.acquire(name, 'j', 'b', ttlMs * 3)).toBe(true)
        await advance(ttlMs)
        expect(Object.fromEntries(await store.holders(name))).toEqual({ j: 'b' })
        expect(await store.acquire(name, 'k', 'b', ttlMs)).toBe(true)
        expect(Object.fromEntries(await store.holders(name))).toEqual({ j: 'b', k: 'b' })
        expect(await store.acquire(name, 'k', 'a', ttlMs)).toBe(false)
      })
    })

    it('renew: extends the caller\'s unexpired leases and answers with the keys it still holds', async () => {
      await using(async ({ store, ttlMs, advance }) => {
        await store.acquire(name, 'k1', 'a', ttlMs)
        await store.acquire(name, 'k2', 'a', ttlMs)
        await store.acquire(name, 'k3', 'b', ttlMs)
        await store.acquire(name, 'short', 'a', ttlMs / 4)
        await advance(ttlMs / 2)
        // k3 is b's, 'none' does not exist, 'short' expired: a holds only k1 and k2.
        expect((await store.renew(name, ['k1', 'k2', 'k3', 'none', 'short'], 'a', ttlMs)).sort()).toEqual(['k1', 'k2'])
        await advance(ttlMs * 0.75) // past the first expiry, before the renewed one
        expect(await store.acquire(name, 'k1', 'b', ttlMs)).toBe(false)
        expect(await store.acquire(name, 'short', 'b', ttlMs)).toBe(true)
        expect(await store.renew(name, [], 'a', ttlMs)).toEqual([])
        await advance(ttlMs)
        expect(await store.renew(name, ['k1', 'k2'], 'a', ttlMs)).toEqual([]) // expired: acquire again
      })
    })

    it('release: frees the caller\'s lease and ignores another owner\'s', async () => {
      await using(async ({ store, ttlMs }) => {
        await store.acquire(name, 'k', 'a', ttlMs)
        await store.release(name, 'k', 'b')
        expect(await store.holders(name)).toEqual(new Map([['k', 'a']]))
        await store.release(name, 'k', 'a')
        expect(await store.holders(name)).toEqual(new Map())
        expect(await store.acquire(name, 'k', 'b', ttlMs)).toBe(true)
        await store.release(name, 'missing', 'a') // nothing to release is fine
      })
    })

    it('heartbeat: answers with the live members, sorted; a member that stops beating expires', async () => {
      await using(async ({ store, ttlMs, advance }) => {
        expect(await store.heartbeat(name, 'w-2', ttlMs)).toEqual(['w-2'])
        expect(await store.heartbeat(name, 'w-10', ttlMs * 3)).toEqual(['w-10', 'w-2'])
        expect(await store.heartbeat(name, 'W-1', ttlMs)).toEqual(['W-1', 'w-10', 'w-2']) // code-unit order
        expect(await store.heartbeat('other', 'x', ttlMs)).toEqual(['x'])
        await advance(ttlMs / 2)
        expect(await store.heartbeat(name, 'w-2', ttlMs)).toEqual(['W-1', 'w-10', 'w-2'])
        await advance(ttlMs * 0.75) // W-1 missed its beat; w-2 beat half-way; w-10 has a long ttl
        expect(await store.heartbeat(name, 'w-10', ttlMs * 3)).toEqual(['w-10', 'w-2'])
        await advance(ttlMs)
        expect(await store.heartbeat(name, 'W-1', ttlMs)).toEqual(['W-1', 'w-10']) // back, after w-2 expired
      })
    })

    it('leave: removes the member and releases all its leases, nobody else\'s', async () => {
      await using(async ({ store, ttlMs }) => {
        await store.heartbeat(name, 'a', ttlMs)
        await store.heartbeat(name, 'b', ttlMs)
        await store.acquire(name, 'k1', 'a', ttlMs)
        await store.acquire(name, 'k2', 'a', ttlMs)
        await store.acquire(name, 'k3', 'b', ttlMs)
        await store.heartbeat('other', 'a', ttlMs)
        await store.acquire('other', 'k1', 'a', ttlMs)
        await store.leave(name, 'a')
        expect(Object.fromEntries(await store.holders(name))).toEqual({ k3: 'b' })
        expect(await store.heartbeat(name, 'b', ttlMs)).toEqual(['b'])
        expect(Object.fromEntries(await store.holders('other'))).toEqual({ k1: 'a' })
        expect(await store.heartbeat('other', 'c', ttlMs)).toEqual(['a', 'c'])
      })
    })

    it('of many owners acquiring one key at once (over several connections), exactly one wins; the same for an expired lease', async () => {
      await using(async ({ store, open, ttlMs, advance }) => {
        const stores = [store, ...(await Promise.all([open(), open(), open()]))]
        for (const round of ['free', 'expired']) {
          const owners = Array.from({ length: 12 }, (_, i) => `${round}-${i}`)
          const results = await Promise.all(owners.map((owner, i) => stores[i % stores.length]!.acquire(name, 'contended', owner, ttlMs)))
          expect(results.filter(Boolean)).toHaveLength(1)
          const winner = owners[results.indexOf(true)]!
          expect(await store.holders(name)).toEqual(new Map([['contended', winner]]))
          await advance(ttlMs)
        }
      })
    })

    it('rejects bad arguments with typed errors that name the call and the argument', async () => {
      await using(async ({ store }) => {
        await expect(store.acquire('', 'k', 'a', 1000)).rejects.toThrow(TypeError)
        await expect(store.acquire('', 'k', 'a', 1000)).rejects.toThrow(/^acquire\(name\)/)
        await expect(store.acquire(name, 'k', 'a', 0)).rejects.toThrow(RangeError)
        await expect(store.acquire(name, 'k', 'a', 1.5)).rejects.toThrow(/^acquire\(ttlMs\)/)
        await expect(store.acquire(name, 'k', 42 as never, 1000)).rejects.toThrow(/^acquire\(owner\)/)
        await expect(store.renew(name, 'k' as never, 'a', 1000)).rejects.toThrow(/^renew\(keys\)/)
        await expect(store.heartbeat(name, '', 1000)).rejects.toThrow(/^heartbeat\(owner\)/)
        await expect(store.release(name, '', 'a')).rejects.toThrow(/^release\(key\)/)
        await expect(store.leave(name, null as never)).rejects.toThrow(/^leave\(owner\)/)
        await expect(store.holders(undefined as never)).rejects.toThrow(/^holders\(name\)/)
        expect(await store.holders(name)).toEqual(new Map())
      })
    })

    it('fails every call after close() with StoreClosedError', async () => {
      await using(async ({ store }) => {
        await store.close()
        await store.close()
        await expect(store.acquire(name, 'k', 'a', 1000)).rejects.toThrow(StoreClosedError)
        await expect(store.holders(name)).rejects.toThrow(/^holders: the .* is closed/)
      })
    })
  })
}
