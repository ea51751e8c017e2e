/**
 * The stage behind every read of the event store: it reads pages on demand, emits them one event
 * per pull, and (for subscriptions) waits at the head for a wake-up or a poll.
 *
 * @module
 * @internal
 */
import { deferred, type Deferred } from '../../core/deferred.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { SourceStage } from '../../core/StageLogic.js'
import type { EventEnvelope } from '../EventEnvelope.js'
import type { SubscriptionControl } from '../SubscriptionControl.js'
import type { RetrySettings } from './checks.js'

/**
 * One page of a read. `scannedTo`, when the page is short, is a position up to which the query
 * looked and found nothing more (the next read may start there instead of at the last event).
 *
 * @internal
 */
export interface Page<P> {
  readonly events: readonly EventEnvelope<P>[]
  readonly scannedTo?: number
}

/** Reads up to `limit` events positioned after `after`. Sync results are handled at once. @internal */
export type PageRead<P> = (after: number, limit: number) => Page<P> | PromiseLike<Page<P>>

/** What one read of the store needs. @internal */
export interface PagedReadSpec<P> {
  /** The operation, for errors: `allEvents`, `eventsById`, ... */
  readonly name: string
  readonly read: PageRead<P>
  /** Start after this position (exclusive). */
  readonly after: number
  /** The position of an event in this read: its offset, or its sequence number for `eventsById`. */
  readonly position: (event: EventEnvelope<P>) => number
  /** Follow new events after catching up (a subscription), or complete (`eventsById`). */
  readonly live: boolean
  /** Registers `wake`, called when something may have been appended; returns the unregistration. */
  readonly watch: ((wake: () => void) => () => void) | undefined
  /** At the head, look again after this long even without a wake-up (other processes, late commits). */
  readonly pollIntervalMs: number | undefined
  readonly initialPageSize: number
  readonly maxPageSize: number
  readonly retry: RetrySettings | undefined
  /** Read the next page while the current one is being emitted (two pages held at most instead of one). */
  readonly readAhead?: boolean
  /** Whether a failed read may be retried (the database was unavailable). */
  readonly isRetryable: (error: unknown) => boolean
}

const EMPTY: readonly never[] = []
const POLL = 'poll'
const RETRY = 'retry'

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/**
 * Emits the events of a store read, reading a page only when pulled with nothing buffered. The
 * first page holds `initialPageSize` events; each page that comes back full and is then drained by
 * downstream pulls doubles the next one, up to `maxPageSize`. So at most one page is held beyond
 * what downstream has pulled, and a consumer that stops pulling stops the reads. With
 * `readAhead`, the next page is read as soon as one is being emitted: two pages at most, and the
 * read's latency overlaps downstream's work.
 *
 * The position advances only over emitted events, so a failed read (retried or not) neither loses
 * nor repeats one.
 *
 * @internal
 */
export class EventPageSource<P> extends SourceStage<EventEnvelope<P>> {
  private cursor: number
  private buffer: readonly EventEnvelope<P>[] = EMPTY
  private index = 0
  private pageSize: number
  private limit = 0
  /** Pulled, at the head, waiting for a wake-up or a poll. */
  private waiting = false
  /** The last read came back short: the buffer holds the rest of the store (live reads). */
  private atHead = false
  /** Something may have been appended since the last read started. */
  private stale = false
  private failures = 0
  /** A read is in flight (one at a time). */
  private reading = false
  /** A page read ahead, waiting for the current one to drain. */
  private ahead: readonly EventEnvelope<P>[] | null = null
  /** A read ahead failed while events were still buffered: handled once they are out. */
  private deferredError: { readonly error: unknown } | null = null
  private lastOffset: number | undefined = undefined
  private unwatch: (() => void) | null = null
  private failure: unknown = undefined
  private readonly caughtUp: Deferred<void> = deferred<void>()
  private caughtUpSettled = false
  private readonly onPage = this.getAsyncCallback<Page<P>>((page) => this.pageRead(page))
  private readonly onReadError = this.getAsyncCallback<unknown>((error) => this.readFailed(error))
  /** A wake-up is queued for this stage; more wake-ups before it runs add nothing. */
  private wakeQueued = false
  private readonly onWake = this.getAsyncCallback<void>(() => {
    this.wakeQueued = false
    this.stale = true
    if (this.waiting) this.startRead()
  })
  private readonly onShutdown = this.getAsyncCallback<void>(() => this.completeStage())

  constructor(private readonly spec: PagedReadSpec<P>) {
    super()
    this.cursor = spec.after
    this.pageSize = Math.min(spec.initialPageSize, spec.maxPageSize)
    if (spec.live) {
      const control: SubscriptionControl = {
        caughtUp: this.caughtUp.promise,
        isCaughtUp: () => this.atHead && this.index >= this.buffer.length && !this.isStopped,
        offset: () => this.lastOffset,
        shutdown: () => this.onShutdown(),
      }
      this.mat = control
    }
  }

  override preStart(): void {
    if (this.spec.live && this.spec.watch !== undefined)
      this.unwatch = this.spec.watch(() => {
        // Called by the store on every append: queue one wake-up at a time, not one per append.
        if (this.wakeQueued) return
        this.wakeQueued = true
        this.onWake()
      })
  }

  onPull(): void {
    if (this.index < this.buffer.length) this.emitNext()
    else if (this.deferredError !== null) {
      const { error } = this.deferredError
      this.deferredError = null
      this.readFailed(error)
    } else if (this.reading) return // the read in flight answers this pull
    else if (this.atHead && !this.stale) this.waitAtHead()
    else this.startRead()
  }

  private emitNext(): void {
    const event = this.buffer[this.index++]!
    const drained = this.index >= this.buffer.length
    if (drained) {
      this.buffer = EMPTY
      this.index = 0
      if (this.ahead !== null) {
        this.buffer = this.ahead
        this.ahead = null
      }
    }
    this.lastOffset = event.offset
    this.push(this.out, event)
    if (this.buffer === EMPTY && this.atHead && !this.reading) {
      if (this.spec.live) this.reachedHead()
      else this.completeStage()
    } else if (this.spec.readAhead === true) this.readAhead()
  }

  /** Starts reading the next page while events are still buffered (`readAhead`). */
  private readAhead(): void {
    if (this.reading || this.ahead !== null || this.atHead || this.deferredError !== null || this.buffer === EMPTY || this.isTimerActive(RETRY)) return
    this.startRead()
  }

  private startRead(): void {
    this.waiting = false
    this.stale = false
    this.cancelTimer(POLL)
    const limit = (this.limit = this.pageSize)
    let result: Page<P> | PromiseLike<Page<P>>
    this.reading = true
    try {
      result = this.spec.read(this.cursor, limit)
    } catch (error) {
      this.reading = false
      this.readFailed(error)
      return
    }
    if (isThenable(result)) result.then(this.onPage, this.onReadError)
    else this.pageRead(result)
  }

  private pageRead(page: Page<P>): void {
    this.reading = false
    this.failures = 0
    const events = page.events
    const short = events.length < this.limit
    if (events.length > 0) this.cursor = this.spec.position(events[events.length - 1]!)
    if (short) {
      if (page.scannedTo !== undefined && page.scannedTo > this.cursor) this.cursor = page.scannedTo
    } else if (this.pageSize < this.spec.maxPageSize) {
      // Downstream pulled everything of the last page: it can take a bigger one.
      this.pageSize = Math.min(this.spec.maxPageSize, this.pageSize * 2)
    }
    this.atHead = short
    if (this.index < this.buffer.length) {
      // Read ahead: it waits for the current page to drain.
      if (events.length > 0) this.ahead = events
      return
    }
    if (events.length > 0) {
      this.buffer = events
      this.index = 0
      // A page read ahead may arrive after the last pull was answered: it waits for the next one.
      if (this.isAvailable(this.out)) this.emitNext()
      return
    }
    if (!this.spec.live) {
      if (short) this.completeStage()
      return
    }
    if (short) this.reachedHead()
    if (!this.isAvailable(this.out)) return // the next pull reads again, or waits at the head
    // A wake-up arrived while the read was in flight: what it announced may not be in this page.
    if (this.stale) this.startRead()
    else this.waitAtHead()
  }

  private waitAtHead(): void {
    this.waiting = true
    if (this.spec.pollIntervalMs !== undefined) this.scheduleOnce(POLL, this.spec.pollIntervalMs)
  }

  private reachedHead(): void {
    if (this.caughtUpSettled) return
    this.caughtUpSettled = true
    this.caughtUp.resolve()
  }

  private readFailed(error: unknown): void {
    this.reading = false
    if (this.index < this.buffer.length) {
      // A read ahead failed: emit what is buffered first.
      this.deferredError = { error }
      return
    }
    const retry = this.spec.retry
    if (retry !== undefined && this.failures < retry.maxRetries && this.spec.isRetryable(error)) {
      const delay = Math.min(retry.maxBackoffMs, retry.minBackoffMs * 2 ** Math.min(this.failures, 30))
      this.failures++
      this.scheduleOnce(RETRY, delay)
      return
    }
    this.failStage(error)
  }

  override onTimer(key: unknown): void {
    if ((key === RETRY && !this.reading) || (key === POLL && this.waiting)) this.startRead()
  }

  override failStage(error: unknown): void {
    if (this.failure === undefined) this.failure = error
    super.failStage(error)
  }

  override postStop(): void {
    this.buffer = EMPTY
    this.ahead = null
    if (this.unwatch !== null) {
      const unwatch = this.unwatch
      this.unwatch = null
      unwatch()
    }
    if (!this.caughtUpSettled) {
      this.caughtUpSettled = true
      this.caughtUp.reject(
        this.failure ?? new AbruptTerminationError(`${this.spec.name}: the subscription stopped before it caught up`),
      )
    }
  }
}
