/**
 * Confirms acknowledgements with as few round trips as possible.
 *
 * @module
 * @internal
 */
import type { NatsConnection } from '@nats-io/transport-node'
import { deferred, type Deferred } from '../../../core/deferred.js'

const RETRY_MS = 50

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
    const flush = this.flushThroughReconnects().then(
      () => this.done(),
      (error: unknown) => {
        this.done()
        throw error
      },
    )
    this.inFlight = flush
    return flush
  }

  /**
   * A flush fails when the connection drops before the PONG: then what was sent may or may not
   * have reached the server. Once reconnected, it counts as confirmed: an acknowledgement lost
   * with the old connection only means a redelivery after `ack_wait`, which at-least-once allows.
   * Only a closed connection is a failure.
   */
  private async flushThroughReconnects(): Promise<void> {
    for (;;) {
      try {
        await this.nc.flush()
        return
      } catch (error) {
        if (this.nc.isClosed()) throw error
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
      }
    }
  }

  private done(): void {
    this.inFlight = null
    const waiting = this.next
    if (waiting === null) return
    this.next = null
    this.start().then(waiting.resolve, waiting.reject)
  }
}
