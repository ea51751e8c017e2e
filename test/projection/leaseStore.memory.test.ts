import { describe, expect, it } from 'vitest'
import { InMemoryLeaseStore } from '../../src/projection/InMemoryLeaseStore.js'
import { leaseStoreContract } from './leaseStoreContract.js'

leaseStoreContract('InMemoryLeaseStore', async () => {
  let now = 1_000_000
  const store = new InMemoryLeaseStore({ clock: () => now })
  return {
    store,
    open: async () => store,
    ttlMs: 1000,
    advance: async (ms) => {
      now += ms
    },
    close: () => store.close(),
  }
})

describe('InMemoryLeaseStore', () => {
  it('expires a lease exactly at acquire time + ttl on its clock', async () => {
    let now = 0
    const store = new InMemoryLeaseStore({ clock: () => now })
    await store.acquire('p', 'k', 'a', 100)
    now = 99
    expect(await store.acquire('p', 'k', 'b', 100)).toBe(false)
    now = 100
    expect(await store.acquire('p', 'k', 'b', 100)).toBe(true)
  })

  it('rejects a clock that is not a function', () => {
    expect(() => new InMemoryLeaseStore({ clock: 5 as never })).toThrow(/^InMemoryLeaseStore\(clock\)/)
  })
})
