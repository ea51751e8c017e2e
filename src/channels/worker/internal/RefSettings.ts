import type { RefPort } from './RefPort.js'
import type { RefKind } from './protocol.js'

/** What one side of a ref needs to know to run. @internal */
export interface RefSettings {
  readonly ref: string
  readonly kind: RefKind
  readonly port: RefPort
  /** True on the side that created the handle: it waits for the other side (subscription timeout). */
  readonly origin: boolean
  /** How long the origin waits for the other side's first message; 0 = forever. */
  readonly subscriptionTimeoutMs: number
  /** Fail when the peer sends nothing for this long; 0 = never. Both sides send keep-alives at a third of it. */
  readonly idleTimeoutMs: number
  /** Set when this side cannot run at all (the ref was already materialized): it fails at start with this. */
  readonly startFailure?: unknown
}

/** A fresh ref id: random, so stray messages from another ref are told apart. @internal */
export function newRefId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (c?.randomUUID !== undefined) return c.randomUUID().slice(0, 13)
  return Math.random().toString(36).slice(2, 15)
}

const claimed = new WeakSet<object>()

/**
 * Marks `port` as used by a running ref side; false if it already was (a ref materializes once).
 *
 * @internal
 */
export function claimPort(port: object): boolean {
  if (claimed.has(port)) return false
  claimed.add(port)
  return true
}
