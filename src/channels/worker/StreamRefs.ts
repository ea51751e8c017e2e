/**
 * Stream references: hand a running stream to another thread (or, later, another machine) and
 * read or write it there as an ordinary `Source` or `Sink`, with demand crossing the boundary.
 *
 * @module
 */
import { requireDuration, requirePositiveInt, type Duration } from '../../core/args.js'
import { sinkOf, sourceOf, type NotUsed } from '../../core/Graph.js'
import { Sink } from '../../dsl/Sink.js'
import { Source } from '../../dsl/Source.js'
import { RefReceiver } from './internal/RefReceiver.js'
import { RefSender } from './internal/RefSender.js'
import { claimPort, newRefId, type RefSettings } from './internal/RefSettings.js'
import { messagePortRefPort, type RefPort } from './internal/RefPort.js'
import type { RefKind } from './internal/protocol.js'
import type { MessagePortLike } from './MessagePortLike.js'
import type { SinkRef } from './SinkRef.js'
import type { SourceRef } from './SourceRef.js'
import { StreamRefError } from './StreamRefError.js'

/**
 * Options for creating a ref ({@link StreamRefs.sourceRef}, {@link StreamRefs.sinkRef}).
 *
 * @category channels
 * @since 0.1.0
 */
export interface StreamRefOptions {
  /** How long the created side waits for the other side to materialize the ref before it fails and releases it (default `'30s'`; `0`: forever). */
  readonly subscriptionTimeout?: Duration
  /** Fail both sides when the peer sends nothing for this long; while the stream is live each side sends a keep-alive at a third of it (default: off). */
  readonly idleTimeout?: Duration
}

/**
 * Options for the receiving side of a ref ({@link StreamRefs.source}, {@link StreamRefs.sinkRef}).
 *
 * @category channels
 * @since 0.1.0
 */
export interface StreamRefReceiveOptions {
  /** How many elements the receiver may hold or have on the wire (default 1024); it asks for more when half was taken, so half of it is the usual batch size on the wire. */
  readonly bufferCapacity?: number
}

const DEFAULT_SUBSCRIPTION_TIMEOUT_MS = 30_000
// Pekko's default is 32. Over a MessagePort the cost is per message (a structured clone and a
// cross-thread hop), and demand refills at half the capacity, so the capacity sets the batch size:
// 1,000,000 numbers took 2-8x raw postMessage batching at 32 and 0.3-1.2x at 1024 (bench/cases/refs).
const DEFAULT_BUFFER_CAPACITY = 1024

interface PortPair {
  readonly port1: MessagePortLike
  readonly port2: MessagePortLike
}

function newChannel(): PortPair {
  const Channel = (globalThis as { MessageChannel?: new () => PortPair }).MessageChannel
  if (Channel === undefined) throw new TypeError('StreamRefs: this host has no MessageChannel')
  return new Channel()
}

function createSettings(call: string, options: StreamRefOptions): { subscriptionTimeoutMs: number; idleTimeoutMs: number } {
  return {
    subscriptionTimeoutMs: requireDuration(call, 'subscriptionTimeout', options.subscriptionTimeout ?? DEFAULT_SUBSCRIPTION_TIMEOUT_MS),
    idleTimeoutMs: requireDuration(call, 'idleTimeout', options.idleTimeout ?? 0),
  }
}

function requireRef(call: string, kind: RefKind, ref: unknown): { id: string; port: MessagePortLike; idleTimeoutMs: number } {
  const r = ref as Partial<SourceRef<unknown>> | null | undefined
  if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.port !== 'object' || r.port === null)
    throw new TypeError(`${call}(ref): expected a ${kind === 'sourceRef' ? 'SourceRef' : 'SinkRef'} (an object with an id and a port), got ${r === null ? 'null' : typeof r}`)
  if (r.kind !== kind) throw new TypeError(`${call}(ref): expected a ${kind === 'sourceRef' ? 'SourceRef' : 'SinkRef'}, got a ${String(r.kind)} (${r.id})`)
  return { id: r.id, port: r.port, idleTimeoutMs: typeof r.idleTimeoutMs === 'number' && r.idleTimeoutMs > 0 ? r.idleTimeoutMs : 0 }
}

/** Settings for the side that materializes a handle; a handle used twice fails at start. */
function remoteSettings(kind: RefKind, ref: { id: string; port: MessagePortLike; idleTimeoutMs: number }): RefSettings {
  const fresh = claimPort(ref.port)
  const port: RefPort = fresh ? messagePortRefPort(ref.port) : { post() {}, listen() {}, close() {} }
  const base = { ref: ref.id, kind, port, origin: false, subscriptionTimeoutMs: 0, idleTimeoutMs: ref.idleTimeoutMs }
  return fresh ? base : { ...base, startFailure: new StreamRefError(ref.id, kind, 'already materialized: a ref can be materialized only once') }
}

/**
 * Creates and materializes stream references (Pekko's `StreamRefs`).
 *
 * ```
 * thread A:  source ──> sourceRef() ══ SourceRef (a MessagePort) ══> StreamRefs.source(ref) ──> sink   :thread B
 *                           ◄───────────── cumulative demand ────────────
 * ```
 * - **Emits when** (the materialized `source`) an element has crossed and downstream pulls
 * - **Backpressures when** the receiver's `bufferCapacity` is used up: the sending side pulls its
 *   upstream only up to the demand the receiver granted, so neither side buffers more than that
 * - **Completes when** the sending side's upstream completes and every element has been emitted
 * - **Fails when** the other side fails (a {@link StreamRefRemoteError} with its error's name and
 *   message), a message is lost or corrupt, the peer goes away, or a timeout expires; always a
 *   {@link StreamRefError} naming the ref
 * - **Cancels when** downstream of the receiving side cancels: the cancel travels back and cancels
 *   the sending side's upstream
 *
 * @example
 * ```ts
 * const ref = Source.range(1, 3).runWith(StreamRefs.sourceRef<number>())
 * // normally posted to a worker: worker.postMessage(ref, [ref.port]); here read in the same thread
 * await StreamRefs.source(ref).runCollect() // [1, 2, 3]
 * ```
 * @see {@link SourceRef}, {@link SinkRef}, {@link WorkerPool}
 * @category channels
 * @since 0.1.0
 */
export const StreamRefs = {
  /**
   * A sink that materializes a {@link SourceRef}: the stream that runs into it is read wherever
   * the ref is materialized with {@link StreamRefs.source}.
   */
  sourceRef<T>(options: StreamRefOptions = {}): Sink<T, SourceRef<T>> {
    const t = createSettings('StreamRefs.sourceRef', options)
    return new Sink(
      sinkOf<T, SourceRef<T>>('sourceRef', () => {
        const { port1, port2 } = newChannel()
        const id = newRefId()
        claimPort(port1)
        const ref: SourceRef<T> = { kind: 'sourceRef', id, port: port2, idleTimeoutMs: t.idleTimeoutMs }
        return new RefSender<T>({ ref: id, kind: 'sourceRef', port: messagePortRefPort(port1), origin: true, ...t }, ref)
      }).module,
    )
  },

  /**
   * A source that materializes a {@link SinkRef}: whatever is written to the ref where it is
   * materialized with {@link StreamRefs.sink} is emitted here.
   */
  sinkRef<T>(options: StreamRefOptions & StreamRefReceiveOptions = {}): Source<T, SinkRef<T>> {
    const t = createSettings('StreamRefs.sinkRef', options)
    const capacity = requirePositiveInt('StreamRefs.sinkRef', 'bufferCapacity', options.bufferCapacity ?? DEFAULT_BUFFER_CAPACITY)
    return new Source(
      sourceOf<T, SinkRef<T>>('sinkRef', () => {
        const { port1, port2 } = newChannel()
        const id = newRefId()
        claimPort(port1)
        const ref: SinkRef<T> = { kind: 'sinkRef', id, port: port2, idleTimeoutMs: t.idleTimeoutMs }
        return new RefReceiver<T>({ ref: id, kind: 'sinkRef', port: messagePortRefPort(port1), origin: true, ...t }, capacity, ref)
      }).module,
    )
  },

  /** The stream behind a {@link SourceRef}, as an ordinary source. It can be run once. */
  source<T>(ref: SourceRef<T>, options: StreamRefReceiveOptions = {}): Source<T, NotUsed> {
    const r = requireRef('StreamRefs.source', 'sourceRef', ref)
    const capacity = requirePositiveInt('StreamRefs.source', 'bufferCapacity', options.bufferCapacity ?? DEFAULT_BUFFER_CAPACITY)
    return new Source(sourceOf<T>('sourceRef.source', () => new RefReceiver<T>(remoteSettings('sourceRef', r), capacity, undefined)).module)
  },

  /**
   * The stream behind a {@link SinkRef}, as an ordinary sink; its Promise settles when the stream
   * ends (rejected with the {@link StreamRefError} if the ref failed). It can be run once.
   */
  sink<T>(ref: SinkRef<T>): Sink<T, Promise<void>> {
    const r = requireRef('StreamRefs.sink', 'sinkRef', ref)
    return new Sink(sinkOf<T, Promise<void>>('sinkRef.sink', () => new RefSender<T>(remoteSettings('sinkRef', r), undefined)).module)
  },
}
