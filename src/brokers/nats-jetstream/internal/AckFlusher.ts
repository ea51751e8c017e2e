/**
 * Confirms acknowledgements with as few round trips as possible.
 *
 * @module
 * @internal
 */
import type { NatsConnection } from '@nats-io/transport-node'
import { deferred, type Deferred } from '../../../core/deferred.js'

/**
 * A flush (PING/PONG) resolves once the server has read everything sent before it on this
 * connection. At most one flush is in flight: acknowledgements sent while it runs share the next
 * one, so confirming N acknowledgements costs one round trip per batch, not per message.
 *
 * @internal
 */
export class AckFlusher {
  private inFlight: Promise<void> | null = null
  private next: Deferred<void> | null = null

  constructor(private readonly nc: NatsConnection) {}

  /** Resolves once the server has read everything this connection sent before the call. */
  confirm(): Promise<void> {
    if (this.inFlight === null) return this.start()
    if (this.next === null) this.next = deferred<void>()
    return this.next.promise
  }

  private start(): Promise<void> {
    const flush = this.nc.flush().then(
      () => this.done(),
      (error: unknown) => {
        this.done()
        throw error
      },
    )
    this.inFlight = flush
    return flush
  }

  private done(): void {
    this.inFlight = null
    const waiting = this.next
    if (waiting === null) return
    this.next = null
    this.start().then(waiting.resolve, waiting.reject)
  }
}
