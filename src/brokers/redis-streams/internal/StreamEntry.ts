/**
 * The class behind {@link RedisStreamEnvelope}: one shape for every entry, methods on the prototype.
 *
 * @module
 * @internal
 */
import type { RedisStreamEnvelope } from '../RedisStreamEnvelope.js'

/** The session an entry was read by: where its acknowledgement goes. @internal */
export interface EntryOwner {
  readonly group: string
  readonly consumer: string
  ack(stream: string, ids: readonly string[]): Promise<void>
  nack(stream: string, id: string, error: unknown): void
  deadLetter(entry: StreamEntry<unknown>, error: unknown): Promise<void>
}

/** @internal */
export class StreamEntry<P> implements RedisStreamEnvelope<P> {
  /** Acknowledged, or an acknowledgement is on its way. */
  acking = false
  isAcked = false
  constructor(
    readonly owner: EntryOwner,
    readonly stream: string,
    readonly id: string,
    readonly deliveryCount: number,
    readonly fields: Readonly<Record<string, string>>,
    readonly payload: P,
  ) {}

  get offset(): string {
    return this.id
  }
  get group(): string {
    return this.owner.group
  }
  get consumer(): string {
    return this.owner.consumer
  }
  get occurredAt(): Date {
    return new Date(Number(this.id.slice(0, this.id.indexOf('-'))))
  }

  ack(): Promise<void> {
    if (this.acking) return Promise.resolve()
    this.acking = true
    return this.owner.ack(this.stream, [this.id]).then(
      () => {
        this.isAcked = true
      },
      (e: unknown) => {
        this.acking = false
        throw e
      },
    )
  }

  nack(error: unknown): void {
    this.owner.nack(this.stream, this.id, error)
  }

  deadLetter(error: unknown): Promise<void> {
    if (this.acking) return Promise.resolve()
    this.acking = true
    return this.owner.deadLetter(this, error).then(
      () => {
        this.isAcked = true
      },
      (e: unknown) => {
        this.acking = false
        throw e
      },
    )
  }
}

/** Flat `[field, value, ...]` as a record. @internal */
export function toRecord(flat: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {}
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i]!] = flat[i + 1]!
  return record
}
