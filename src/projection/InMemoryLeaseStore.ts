/**
 * Leases in memory: for tests and for several projections in one process.
 *
 * @module
 */
import type { LeaseStore } from './LeaseStore.js'
import { StoreClosedError } from './StoreClosedError.js'
import { requireFunction } from '../core/args.js'
import { requireKeys, requireName, requireTtl, show, sortNames } from './internal/storeChecks.js'

/**
 * Options of {@link InMemoryLeaseStore}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface InMemoryLeaseStoreOptions {
  /** The clock expiry is measured on, in milliseconds (default `Date.now`); pass a virtual clock in tests. */
  readonly clock?: () => number
}

interface Lease {
  owner: string
  expiresAt: number
}

/**
 * A {@link LeaseStore} in memory. Everything that shares the instance shares its leases, so it
 * coordinates projections within one process; expiry follows the injected `clock`, which lets
 * tests move time by hand.
 *
 * @example
 * ```ts
 * let now = 0
 * const leases = new InMemoryLeaseStore({ clock: () => now })
 * await leases.acquire('rooms', '0-511', 'a', 1000)  // true
 * await leases.acquire('rooms', '0-511', 'b', 1000)  // false; a holds it
 * now += 1000
 * await leases.acquire('rooms', '0-511', 'b', 1000)  // true; a's lease expired
 * ```
 * @see {@link LeaseStore}
 * @category projection
 * @since 0.2.0
 */
export class InMemoryLeaseStore implements LeaseStore {
  readonly kind = 'memory'
  private readonly clock: () => number
  private readonly leases = new Map<string, Map<string, Lease>>()
  private readonly members = new Map<string, Map<string, number>>()
  private closed = false

  constructor(options: InMemoryLeaseStoreOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`InMemoryLeaseStore(options): expected an object, got ${show(options)}`)
    this.clock = options.clock === undefined ? Date.now : requireFunction('InMemoryLeaseStore', 'clock', options.clock)
  }

  async heartbeat(name: string, owner: string, ttlMs: number): Promise<string[]> {
    this.open('heartbeat')
    requireName('heartbeat', 'name', name)
    requireName('heartbeat', 'owner', owner)
    requireTtl('heartbeat', ttlMs)
    const now = this.clock()
    const members = this.table(this.members, name)
    members.set(owner, now + ttlMs)
    const live: string[] = []
    for (const [member, expiresAt] of members) {
      if (expiresAt > now) live.push(member)
      else members.delete(member)
    }
    return sortNames(live)
  }

  async acquire(name: string, key: string, owner: string, ttlMs: number): Promise<boolean> {
    this.open('acquire')
    requireName('acquire', 'name', name)
    requireName('acquire', 'key', key)
    requireName('acquire', 'owner', owner)
    requireTtl('acquire', ttlMs)
    const now = this.clock()
    const leases = this.table(this.leases, name)
    const lease = leases.get(key)
    if (lease !== undefined && lease.expiresAt > now && lease.owner !== owner) return false
    leases.set(key, { owner, expiresAt: now + ttlMs })
    return true
  }

  /**
   * Extends `owner`'s unexpired leases on `keys` by `ttlMs`; resolves with the keys it still holds. An
   * expired lease is not renewed, even if nobody took it: acquire it again.
   */
  async renew(name: string, keys: readonly string[], owner: string, ttlMs: number): Promise<string[]> {
    this.open('renew')
    requireName('renew', 'name', name)
    requireKeys('renew', keys)
    requireName('renew', 'owner', owner)
    requireTtl('renew', ttlMs)
    const now = this.clock()
    const leases = this.leases.get(name)
    const held: string[] = []
    for (const key of new Set(keys)) {
      const lease = leases?.get(key)
      if (lease === undefined || lease.owner !== owner || lease.expiresAt <= now) continue
      lease.expiresAt = now + ttlMs
      held.push(key)
    }
    return held
  }

  async release(name: string, key: string, owner: string): Promise<void> {
    this.open('release')
    requireName('release', 'name', name)
    requireName('release', 'key', key)
    requireName('release', 'owner', owner)
    const leases = this.leases.get(name)
    if (leases?.get(key)?.owner === owner) leases.delete(key)
  }

  async leave(name: string, owner: string): Promise<void> {
    this.open('leave')
    requireName('leave', 'name', name)
    requireName('leave', 'owner', owner)
    this.members.get(name)?.delete(owner)
    const leases = this.leases.get(name)
    if (leases !== undefined) for (const [key, lease] of leases) if (lease.owner === owner) leases.delete(key)
  }

  async holders(name: string): Promise<Map<string, string>> {
    this.open('holders')
    requireName('holders', 'name', name)
    const now = this.clock()
    const out = new Map<string, string>()
    for (const [key, lease] of this.leases.get(name) ?? []) if (lease.expiresAt > now) out.set(key, lease.owner)
    return out
  }

  /** Marks the store closed: later calls reject with `StoreClosedError`. */
  async close(): Promise<void> {
    this.closed = true
  }

  private table<V>(tables: Map<string, Map<string, V>>, name: string): Map<string, V> {
    let table = tables.get(name)
    if (table === undefined) tables.set(name, (table = new Map()))
    return table
  }

  private open(op: string): void {
    if (this.closed) throw new StoreClosedError(op, 'memory lease store')
  }
}

