/**
 * The envelope class behind {@link JetStreamEnvelope}.
 *
 * @module
 * @internal
 */
import type { JsMsg } from '@nats-io/jetstream'
import type { JetStreamEnvelope } from '../JetStreamEnvelope.js'

/** What an envelope reports its settlement to: the pull loop that delivered it. @internal */
export interface AckOwner {
  readonly stream: string
  readonly consumer: string
  /** The message left this consumer's hands (acked, nak'ed or terminated). */
  settled(streamSequence: number): void
  /** The message's ack deadline starts again (`working()`). */
  touched(streamSequence: number): void
  /** Resolves once the server has read what was sent so far. */
  confirm(): Promise<void>
  /** The error for a settlement on a closed connection. */
  closedError(cause: unknown): Error
}

/** @internal */
export class Envelope<T> implements JetStreamEnvelope<T> {
  private isSettled = false
  constructor(
    readonly message: JsMsg,
    readonly payload: T,
    private readonly owner: AckOwner,
  ) {}

  get offset(): number {
    return this.message.seq
  }
  get occurredAt(): Date {
    return this.message.time
  }
  get stream(): string {
    return this.owner.stream
  }
  get consumer(): string {
    return this.owner.consumer
  }
  get subject(): string {
    return this.message.subject
  }
  get data(): Uint8Array {
    return this.message.data
  }
  get headers(): ReadonlyMap<string, readonly string[]> | undefined {
    const h = this.message.headers
    if (h === undefined) return undefined
    const map = new Map<string, readonly string[]>()
    for (const key of h.keys()) map.set(key, h.values(key))
    return map
  }
  get deliveryCount(): number {
    return this.message.info.deliveryCount
  }
  get redelivered(): boolean {
    return this.message.redelivered
  }

  ack(): Promise<void> {
    return this.settle(() => this.message.ack())
  }
  nak(delayMs?: number): Promise<void> {
    return this.settle(() => this.message.nak(delayMs))
  }
  term(reason?: string): Promise<void> {
    return this.settle(() => this.message.term(reason))
  }
  working(): void {
    if (this.isSettled) return
    this.message.working()
    this.owner.touched(this.message.seq)
  }

  private settle(send: () => void): Promise<void> {
    if (!this.isSettled) {
      this.isSettled = true
      try {
        send()
      } catch (error) {
        return Promise.reject(this.owner.closedError(error))
      }
      this.owner.settled(this.message.seq)
    }
    return this.owner.confirm()
  }
}
