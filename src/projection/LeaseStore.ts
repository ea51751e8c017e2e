/**
 * Leases: which process runs which part (slice range) of a projection, for scale-out.
 *
 * @module
 */

/**
 * Time-limited claims on the parts of a projection, shared by the processes that run it. A lease
 * is held by one owner until it expires; owners renew theirs by heartbeat, so the parts of a
 * process that died are free again once its leases expire. Expiry is measured on the store's
 * clock (the database's `now()` for PostgreSQL), never on the callers' clocks.
 *
 * Leases decide who *should* run a part; the offset store's compare-and-set decides who *can*
 * advance it, so an owner that lost its lease without noticing cannot overwrite the new owner's
 * progress.
 *
 * @example
 * ```ts
 * const members = await leases.heartbeat('rooms', 'worker-1', 10_000) // ['worker-1', ...]
 * if (await leases.acquire('rooms', '0-255', 'worker-1', 10_000)) startRange('0-255')
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface LeaseStore {
  /** `'memory'`, `'sqlite'` or `'postgres'`. */
  readonly kind: string
  /** Records `owner` as a live member of `name` for `ttlMs`; resolves with every live member, sorted. */
  heartbeat(name: string, owner: string, ttlMs: number): Promise<string[]>
  /** Takes the lease on `key` for `ttlMs` if it is free, expired or already `owner`'s; resolves with whether `owner` holds it. */
  acquire(name: string, key: string, owner: string, ttlMs: number): Promise<boolean>
  /** Extends `owner`'s leases on `keys` by `ttlMs`; resolves with the keys `owner` still holds. */
  renew(name: string, keys: readonly string[], owner: string, ttlMs: number): Promise<string[]>
  /** Gives up `owner`'s lease on `key` (nothing if another owner holds it). */
  release(name: string, key: string, owner: string): Promise<void>
  /** Removes `owner` from the members of `name` and releases all its leases. */
  leave(name: string, owner: string): Promise<void>
  /** Current, unexpired leases of `name`: key -> owner. */
  holders(name: string): Promise<Map<string, string>>
  /** Releases what the store opened (not what it was given). */
  close(): Promise<void>
}
