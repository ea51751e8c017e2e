/**
 * The failure of a call on a closed offset or lease store.
 *
 * @module
 */

/**
 * A call on an offset store or a lease store after its `close()`. The stores fail every call
 * with it once closed, whether or not they opened the connection themselves.
 *
 * @example
 * ```ts
 * const leases = new InMemoryLeaseStore()
 * await leases.close()
 * await leases.holders('rooms').catch((e: Error) => e.message) // 'holders: the memory lease store is closed'
 * ```
 * @category projection
 * @since 0.2.0
 */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError'
  constructor(
    /** The call that was refused, e.g. `'save'`. */
    readonly call: string,
    /** What was closed, e.g. `'sqlite offset store'`. */
    readonly store: string,
  ) {
    super(`${call}: the ${store} is closed`)
  }
}
