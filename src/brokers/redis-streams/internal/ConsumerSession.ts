/**
 * One run of a consumer-group source: the Reactive Streams Subscription whose `request(n)` turns
 * into `XREADGROUP ... COUNT k` with `k` at most the outstanding demand.
 *
 * @module
 * @internal
 */
import type { Redis } from 'ioredis'
import { deferred, type Deferred } from '../../../core/deferred.js'
import { rules } from '../../../spec/rules.js'
import type { Subscriber, Subscription } from '../../../spec/types.js'
import { MalformedEntryError, MessageTooLargeError, RedisStreamsError } from '../errors.js'
import { closeGracefully, closeNow, connect, mapRedisError, newConnection, ping, type Connection } from './connections.js'
import type { ConsumerSettings } from './consumerSettings.js'
import {
  addDeadLetter,
  autoClaim,
  deliveryCounts,
  keepAlive,
  readNew,
  readOwnPending,
  splitDemand,
  type RawEntry,
} from './groupCommands.js'
import { StreamEntry, toRecord, type EntryOwner } from './StreamEntry.js'

const NO_COUNTS: ReadonlyMap<string, number> = new Map()

/** What a session did, for tests and monitoring. @internal */
export interface ConsumerStats {
  /** `XREADGROUP`/`XAUTOCLAIM` calls. */
  reads: number
  emitted: number
  acked: number
  claimed: number
  deadLettered: number
  /** Pending entries whose data was trimmed away before they were read again: acknowledged, not emitted. */
  trimmed: number
}

/** @internal */
export class ConsumerSession<P> implements Subscription, EntryOwner {
  readonly group: string
  readonly consumer: string
  readonly stats: ConsumerStats = { reads: 0, emitted: 0, acked: 0, claimed: 0, deadLettered: 0, trimmed: 0 }
  /** Resolves when every connection this session opened is closed. */
  readonly closed: Deferred<void> = deferred<void>()
  private state: 'starting' | 'running' | 'done' = 'starting'
  private demand = 0
  private pumping = false
  private reader: Connection | null = null
  private command: Redis | null = null
  private ownsCommand = false
  private commandClosed = false
  /** Streams whose own pending entries are being re-read, with the id to read after. */
  private readonly pendingCursors = new Map<string, string>()
  /** Streams of the running `XAUTOCLAIM` round, with its cursor. */
  private readonly claimCursors = new Map<string, string>()
  private claimTimer: ReturnType<typeof setInterval> | null = null
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null
  private touching = false
  private lingerTimer: ReturnType<typeof setTimeout> | null = null
  private readerClosed: Promise<void> = Promise.resolve()
  private rotation = 0
  /** Entries emitted and not yet acknowledged, by stream: not emitted again when read again. */
  private readonly outstanding = new Map<string, Set<string>>()
  private outstandingCount = 0
  /**
   * Ids acknowledged while a read of pending entries (ours after a reconnect, or claimed) is in
   * flight. Acks travel on another connection, so such a read can return an entry whose `XACK`
   * the server ran just after it: that entry must not be emitted again.
   */
  private ackedDuringRead: Set<string> | null = null
  /** The last error `nack` recorded, by `stream id`. */
  private readonly errors = new Map<string, unknown>()

  constructor(
    private readonly settings: ConsumerSettings<P>,
    private readonly subscriber: Subscriber<RedisStreamEntryOf<P>>,
  ) {
    this.group = settings.group
    this.consumer = settings.consumer
    for (const s of settings.streams) {
      this.outstanding.set(s, new Set())
      this.pendingCursors.set(s, '0')
    }
  }

  /** Entries emitted and not yet acknowledged (metrics). */
  get unacknowledged(): number {
    return this.outstandingCount
  }

  start(): void {
    this.subscriber.onSubscribe(this)
    void this.open()
  }

  // ---- Subscription ------------------------------------------------------------------------------

  request(n: number): void {
    if (this.state === 'done') return
    if (!(n > 0)) {
      this.fail(rules.nonPositiveRequest(n))
      return
    }
    this.demand += n
    if (this.state === 'running') void this.pump()
  }

  cancel(): void {
    this.stop()
  }

  /** Completes the stream: no more reads; what was emitted can still be acknowledged. */
  shutdown(): void {
    if (this.state === 'done') return
    this.stop()
    this.subscriber.onComplete()
  }

  // ---- starting ------------------------------------------------------------------------------------

  private async open(): Promise<void> {
    const { op, streams, target, group, consumer } = this.settings
    const first = streams[0]!
    // Cancelled from onSubscribe: open nothing.
    if (this.isDone()) return
    try {
      this.reader = newConnection(target, `sluice:${group}:${consumer}:read`)
      await connect(op, first, this.reader)
      if (this.isDone()) return
      if (target.client !== undefined) {
        this.command = target.client
        await ping(op, first, this.command)
      } else {
        const command = newConnection(target, `sluice:${group}:${consumer}:ack`)
        this.command = command.redis
        this.ownsCommand = true
        await connect(op, first, command)
      }
      if (this.settings.createGroup)
        for (const s of streams) {
          try {
            await this.reader.redis.call('XGROUP', 'CREATE', s, group, this.settings.startId, 'MKSTREAM')
          } catch (e) {
            if (!(e instanceof Error && e.message.startsWith('BUSYGROUP'))) throw mapRedisError(op, s, e)
          }
        }
    } catch (e) {
      this.fail(mapRedisError(op, first, e))
      return
    }
    if (this.isDone()) return
    this.state = 'running'
    // After a reconnect, a read's reply may have been lost while its entries went to our PEL:
    // read our own pending entries again before new ones (those still being processed are skipped).
    this.reader.redis.on('ready', () => {
      for (const s of streams) this.pendingCursors.set(s, '0')
    })
    if (this.settings.claimMinIdleMs !== undefined) {
      this.claimTimer = setInterval(() => this.claimTick(), this.settings.claimIntervalMs)
      this.claimTimer.unref()
    }
    if (this.settings.keepAliveMs !== undefined) {
      this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.settings.keepAliveMs)
      this.keepAliveTimer.unref()
    }
    void this.pump()
  }

  /** A method, so that the compiler does not narrow the state across awaits. */
  private isDone(): boolean {
    return this.state === 'done'
  }

  private claimTick(): void {
    if (this.claimCursors.size === 0) for (const s of this.settings.streams) this.claimCursors.set(s, '0-0')
    void this.pump()
  }

  /**
   * Resets the idle time of the entries this process holds (`XCLAIM ... 0 ids JUSTID`: no
   * delivery is counted), so that claims elsewhere take over only the entries of consumers that
   * stopped, not those waiting in this pipeline's buffers. A failure is left to the next round.
   */
  private async keepAlive(): Promise<void> {
    if (this.touching || this.state !== 'running' || this.outstandingCount === 0) return
    this.touching = true
    try {
      for (const [stream, ids] of this.outstanding) {
        if (ids.size === 0) continue
        await keepAlive(this.command!, this, stream, [...ids])
      }
    } catch {
      // the connection is down: its reconnect re-reads; the next round touches again
    } finally {
      this.touching = false
    }
  }

  // ---- reading ------------------------------------------------------------------------------------

  /** One read at a time, while there is demand; each read asks for at most the outstanding demand. */
  private async pump(): Promise<void> {
    if (this.pumping || this.state !== 'running') return
    this.pumping = true
    let stream = this.settings.streams[0]!
    try {
      while (this.state === 'running' && this.demand > 0) {
        const n = Math.min(this.demand, this.settings.maxBatch)
        if (this.claimCursors.size > 0) stream = await this.claimStep(n)
        else if (this.pendingCursors.size > 0) stream = await this.pendingStep(n)
        else stream = await this.newStep(n)
      }
    } catch (e) {
      if (this.state === 'running') this.fail(mapRedisError(this.settings.op, e instanceof RedisStreamsError ? e.stream : stream, e))
    } finally {
      this.pumping = false
    }
  }

  private get redis(): Redis {
    return this.reader!.redis
  }

  /** Re-reads this consumer's own pending entries (ids after the cursor), without blocking. */
  private async pendingStep(n: number): Promise<string> {
    const [stream, cursor] = this.pendingCursors.entries().next().value as [string, string]
    this.stats.reads++
    this.ackedDuringRead = new Set()
    const entries = await readOwnPending(this.redis, this, stream, cursor, n)
    if (this.state !== 'running') return stream
    if (entries.length === 0) {
      this.ackedDuringRead = null
      this.pendingCursors.delete(stream)
      return stream
    }
    this.pendingCursors.set(stream, entries[entries.length - 1]![0])
    await this.deliver(stream, entries, await deliveryCounts(this.redis, this, stream, entries))
    return stream
  }

  /** Reads new entries, blocking at the head; with several streams, the demand is split between them. */
  private async newStep(n: number): Promise<string> {
    const { streams, count, rotation } = splitDemand(this.settings.streams, this.rotation, n)
    this.rotation = rotation
    this.stats.reads++
    const reply = await readNew(this.redis, this, streams, count, this.settings.blockMs)
    if (reply === null || this.state !== 'running') return streams[0]!
    this.ackedDuringRead = null
    for (const [stream, entries] of reply) await this.deliver(stream, entries, NO_COUNTS)
    return streams[0]!
  }

  /** One `XAUTOCLAIM` of the running round: takes over entries idle longer than `claim.minIdleMs`. */
  private async claimStep(n: number): Promise<string> {
    const [stream, cursor] = this.claimCursors.entries().next().value as [string, string]
    this.stats.reads++
    this.ackedDuringRead = new Set()
    const { next, entries } = await autoClaim(this.redis, this, stream, this.settings.claimMinIdleMs!, cursor, n)
    if (this.state !== 'running') return stream
    if (next === '0-0') this.claimCursors.delete(stream)
    else this.claimCursors.set(stream, next)
    if (entries.length === 0) {
      this.ackedDuringRead = null
      return stream
    }
    this.stats.claimed += await this.deliver(stream, entries, await deliveryCounts(this.redis, this, stream, entries))
    return stream
  }

  /** Emits what was read (never more than the demand: the read asked for no more); resolves with how many. */
  private async deliver(stream: string, entries: readonly RawEntry[], counts: ReadonlyMap<string, number>): Promise<number> {
    const mine = this.outstanding.get(stream)!
    const acked = this.ackedDuringRead
    this.ackedDuringRead = null
    let trimmed: string[] | null = null
    let dead: [RawEntry, number][] | null = null
    let emitted = 0
    for (const entry of entries) {
      if (this.state !== 'running') return emitted
      const [id, flat] = entry
      if (flat === null) {
        ;(trimmed ??= []).push(id)
        continue
      }
      // Still being processed here (read again after a reconnect, or claimed back from ourselves).
      if (mine.has(id) || (acked !== null && acked.has(`${stream} ${id}`))) continue
      const count = counts.get(id) ?? 1
      if (count > this.settings.maxDeliveries) {
        ;(dead ??= []).push([entry, count])
        continue
      }
      this.emit(stream, id, flat, count)
      emitted++
    }
    if (trimmed !== null) {
      await this.command!.xack(stream, this.settings.group, ...trimmed)
      this.stats.trimmed += trimmed.length
    }
    if (dead !== null)
      for (const [[id, flat], count] of dead) {
        const key = `${stream} ${id}`
        const error = this.errors.get(key) ?? `delivered ${count} times (maxDeliveries ${this.settings.maxDeliveries}) without acknowledgement`
        await this.writeDeadLetter(stream, id, flat!, count, error)
        this.errors.delete(key)
      }
    return emitted
  }

  private emit(stream: string, id: string, flat: string[], count: number): void {
    const { op, maxMessageBytes, decode } = this.settings
    if (maxMessageBytes !== Infinity) {
      let bytes = 0
      for (const part of flat) bytes += Buffer.byteLength(part)
      if (bytes > maxMessageBytes) throw new MessageTooLargeError(op, stream, bytes, maxMessageBytes, id)
    }
    const fields = toRecord(flat)
    let payload: P
    if (decode === undefined) payload = fields as P
    else {
      try {
        payload = decode(fields, stream, id)
      } catch (e) {
        throw new MalformedEntryError(op, stream, id, e)
      }
    }
    this.outstanding.get(stream)!.add(id)
    this.outstandingCount++
    this.demand--
    this.stats.emitted++
    this.subscriber.onNext(new StreamEntry<P>(this, stream, id, count, fields, payload))
  }

  // ---- acknowledging ------------------------------------------------------------------------------

  async ack(stream: string, ids: readonly string[]): Promise<void> {
    const command = this.commandFor('ack', stream)
    try {
      await command.xack(stream, this.settings.group, ...ids)
    } catch (e) {
      throw mapRedisError('ack', stream, e)
    }
    this.acknowledged(stream, ids)
  }

  nack(stream: string, id: string, error: unknown): void {
    this.errors.set(`${stream} ${id}`, error)
    // No longer being processed here: a claim (ours included) may deliver it again.
    const mine = this.outstanding.get(stream)
    if (mine !== undefined && mine.delete(id)) this.outstandingCount--
    if (this.state === 'done' && this.outstandingCount === 0) this.closeCommand()
  }

  async deadLetter(entry: StreamEntry<unknown>, error: unknown): Promise<void> {
    const flat: string[] = []
    for (const [k, v] of Object.entries(entry.fields)) flat.push(k, v)
    await this.writeDeadLetter(entry.stream, entry.id, flat, entry.deliveryCount, error)
    this.acknowledged(entry.stream, [entry.id])
  }

  private async writeDeadLetter(stream: string, id: string, flat: readonly string[], deliveries: number, error: unknown): Promise<void> {
    const command = this.commandFor('deadLetter', stream)
    try {
      await addDeadLetter(command, this, {
        deadLetterStream: this.settings.deadLetterStream(stream),
        stream,
        id,
        fields: JSON.stringify(toRecord(flat)),
        deliveries,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      })
    } catch (e) {
      throw mapRedisError('deadLetter', stream, e)
    }
    this.stats.deadLettered++
  }

  private commandFor(op: string, stream: string): Redis {
    if (this.command === null || (this.ownsCommand && this.commandClosed))
      throw new RedisStreamsError(op, stream, 'the source has stopped and closed its connection; the entry stays pending and will be delivered again')
    return this.command
  }

  private acknowledged(stream: string, ids: readonly string[]): void {
    const mine = this.outstanding.get(stream)
    if (mine !== undefined) for (const id of ids) if (mine.delete(id)) this.outstandingCount--
    const during = this.ackedDuringRead
    if (during !== null) for (const id of ids) during.add(`${stream} ${id}`)
    this.stats.acked += ids.length
    if (this.errors.size > 0) for (const id of ids) this.errors.delete(`${stream} ${id}`)
    if (this.state === 'done' && this.outstandingCount === 0) this.closeCommand()
  }

  // ---- stopping -----------------------------------------------------------------------------------

  private fail(error: unknown): void {
    if (this.state === 'done') return
    this.stop()
    this.subscriber.onError(error)
  }

  private stop(): void {
    if (this.state === 'done') return
    this.state = 'done'
    this.demand = 0
    if (this.claimTimer !== null) clearInterval(this.claimTimer)
    if (this.keepAliveTimer !== null) clearInterval(this.keepAliveTimer)
    this.claimTimer = null
    this.keepAliveTimer = null
    // Interrupts a blocked read; entries the server handed out with it stay pending for us.
    if (this.reader !== null) this.readerClosed = closeNow(this.reader.redis)
    if (!this.ownsCommand || this.outstandingCount === 0) this.closeCommand()
    else {
      this.lingerTimer = setTimeout(() => this.closeCommand(), this.settings.lingerMs)
      this.lingerTimer.unref()
    }
  }

  private closeCommand(): void {
    if (this.commandClosed) return
    this.commandClosed = true
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer)
    this.lingerTimer = null
    const command = this.command
    const commandClosed = this.ownsCommand && command !== null ? closeGracefully(command) : Promise.resolve()
    void Promise.all([this.readerClosed, commandClosed]).then(() => this.closed.resolve())
  }
}

/** @internal */
export type RedisStreamEntryOf<P> = StreamEntry<P>
