/**
 * One stage that runs a chain of fusible one-in/one-out operators (`map`, `filter`, `filterMap`,
 * `scan`, `take`, `drop`, `takeWhile`, `dropWhile`, `zipWithIndex`, `limit`, `grouped`,
 * `sliding`, `mapConcat`, `intersperse`, `statefulMap` without `onComplete`), optionally with the
 * synchronous source in front of it (`range`, `from(array)`, `fromIterable`, `single`, `repeat`,
 * `iterate`). A run fuses such a chain when none of its stages carries attributes (a name,
 * supervision). The output is the same element for element and the demand upstream is the same
 * pull for pull — a law with property tests (test/core/fusion.test.ts) — but an element crosses
 * one stage instead of several, by a loop over the operators (ADR 0004, ADR 0006).
 *
 * The model: an element enters at operator `j` and runs through `j..k-1` (`runFrom`). An
 * operator may drop it, pass it on, keep something to emit later (`mapConcat`'s iterator,
 * `scan`'s zero, `intersperse`'s held element: "pending", emitted deepest first), or end the
 * chain (`take`, `takeWhile`: every operator up to it is "cut", upstream is cancelled). Once
 * upstream is done, the live operators flush in order (`grouped`'s last group, `sliding`'s
 * window, `intersperse`'s end) and the stage completes when nothing is left to emit.
 *
 * @module
 */
import { rules } from '../spec/rules.js'
import { deferred, type Deferred } from './deferred.js'
import { AbruptTerminationError, type BuildSite, EmptyStreamError, StreamLimitReachedError } from './errors.js'
import type { FusibleOp, FusibleSink, FusibleSource } from './Module.js'
import type { Inlet, InHandler, OutHandler, Outlet } from './ports.js'
import { MergedSources } from './MergedSources.js'
import { SourceCursor } from './SourceCursor.js'
import { hostNow, hostYield } from './Scheduler.js'
import { StageLogic } from './StageLogic.js'

const MAP = 0
const FILTER = 1
const FILTER_MAP = 2
const SCAN = 3
const TAKE = 4
const DROP = 5
const TAKE_WHILE = 6
const DROP_WHILE = 7
const ZIP_WITH_INDEX = 8
const LIMIT = 9
const GROUPED = 10
const SLIDING = 11
const MAP_CONCAT = 12
const INTERSPERSE = 13
const STATEFUL_MAP = 14
const IDENTITY = 15

const KINDS: Record<FusibleOp['kind'], number> = {
  map: MAP,
  filter: FILTER,
  filterMap: FILTER_MAP,
  scan: SCAN,
  take: TAKE,
  drop: DROP,
  takeWhile: TAKE_WHILE,
  dropWhile: DROP_WHILE,
  zipWithIndex: ZIP_WITH_INDEX,
  limit: LIMIT,
  grouped: GROUPED,
  sliding: SLIDING,
  mapConcat: MAP_CONCAT,
  intersperse: INTERSPERSE,
  statefulMap: STATEFUL_MAP,
  identity: IDENTITY,
}

// The fused source: a range or an array (read here, from fields of this stage: through a
// SourceCursor, `from(array) → fold` took 4.5 ms against 2.8, and S1 and S4 4–7% longer), another
// single source (read through its SourceCursor), or a merge or concat of several (MergedSources).
const S_RANGE = 0
const S_ARRAY = 1
const S_OTHER = 2
const S_MERGE = 7
const S_CONCAT = 8

// `undefined` means "nothing" below (an operator dropped the element, or has nothing to emit):
// elements are never `undefined`. It is written as the literal on purpose: a comparison with a
// module-level `const NONE = undefined` is not folded by V8 into a pointer check, and cost S1
// about a fifth of its time (a script calling `pump` directly: 8.3-8.6 ms against 6.7-6.8).

// What an operator holds to emit before the chain asks upstream again.
const P_NONE = 0
const P_VALUE = 1 // one element (scan's zero, intersperse's start or held element)
const P_ITER = 2 // the rest of an iterator (mapConcat)

/** Source elements taken in one go before the loop gives the interpreter a chance to yield. */
const CHUNK = 256
/** A fused chain that ends in a sink keeps the thread this long at most before it yields to the host (ms). */
const SLICE_MS = 15
/** `at` while the fused sink runs user code. */
const AT_SINK = -2

const K_FOLD = 0
const K_LAST = 1
const K_IGNORE = 2
const K_FOR_EACH = 3
const K_COLLECT = 4

/** An operator's function, called with one element or (scan) with the accumulator and one element. */
type OpFn = (a: unknown, b?: unknown) => unknown
const noFn: OpFn = () => undefined

/** Per-run state of one operator: one shape for all kinds, so the loop's accesses stay monomorphic. */
class OpState {
  n = 0
  /** scan: the accumulator is the number in `d` (see FusedStage's `inNum`). */
  d = 0
  flag = false
  a: unknown = undefined
  pk = P_NONE
  pv: unknown = undefined
}

/** @internal */
export class FusedStage extends StageLogic implements InHandler, OutHandler {
  readonly in: Inlet<unknown> | null
  readonly out: Outlet<unknown> | null
  private readonly k: number
  private readonly kinds: Uint8Array
  /** Each operator's function, if it has one: one array, so the loop's loads stay monomorphic. */
  private readonly fs: OpFn[]
  private readonly st: OpState[]
  /** Which op is running (-1: the source): a failure is reported as raised by that operator. */
  private at = 0
  /** Operators below `cut` are finished; -1 while upstream is live. */
  private cut = -1
  /** The next operator to flush once upstream is done. */
  private flushAt = 0
  /** Operators holding something to emit. */
  private npend = 0
  // the fused source, if any
  private readonly skind: number
  /** A range's next number or an array's next index, and where it ends. */
  private snext = 0
  private send = 0
  /** Any other single source, being read. */
  private cur: SourceCursor | null = null
  /** The inputs of a fused merge, when the source is one. */
  private merged: MergedSources | null = null
  /** The source has ended, failed or been closed: nothing left to read or return. */
  private sclosed = true
  // the fused sink, if any: what it keeps, and the Promise it materializes
  private readonly kkind: number
  private kacc: unknown = undefined
  /**
   * The fold's accumulator, or `last`'s element, is the number in `knum` (not `kacc`). A field that
   * only ever holds numbers keeps one box that V8 updates in place, where a field of any type gets
   * a new box for every number stored that is not a small integer (a sum): a fold over numbers then
   * allocates nothing per element. A fold's result that is not a number leaves this mode for good;
   * `last` is in it whenever its last element is a number. (A flag, not a marker object in `kacc`:
   * V8 compares with a module-level constant slowly, see `undefined` above.)
   */
  private inNum = false
  private knum = 0
  /** The sink's function (fold, forEach), or a no-op. */
  private readonly kf: OpFn
  private result: Deferred<unknown> | null = null
  private settled = false
  /** With both a source and a sink the stage has no port: one virtual port keeps it running until it ends. */
  private virtualPort = false
  /** Loop steps taken, counted a chunk at a time (movement the stall detector can see in a run with no port). */
  private steps = 0
  /** A fused sink's loop gave way to the host and continues from `resume`. */
  private yielding = false
  private readonly resumeCb = (): void => {
    this.yielding = false
    this.produce()
  }
  private readonly resume = (): void => this.interpreter.invoke(this, this.resumeCb as (arg: unknown) => void, undefined)

  constructor(
    private readonly ops: readonly FusibleOp[],
    private readonly names: readonly string[],
    private readonly source: FusibleSource | null = null,
    private readonly sourceName = '',
    private readonly sink: FusibleSink | null = null,
    private readonly sinkName = '',
    private readonly sites: readonly (BuildSite | undefined)[] = [],
    private readonly sourceSite: BuildSite | undefined = undefined,
    private readonly sinkSite: BuildSite | undefined = undefined,
  ) {
    super()
    this.in = source === null ? this.inlet<unknown>('in', this) : null
    this.out = sink === null ? this.outlet<unknown>('out', this) : null
    this.kkind = sink === null ? -1 : ['fold', 'last', 'ignore', 'forEach', 'collect'].indexOf(sink.kind)
    this.kf = sink !== null && 'f' in sink ? (sink.f as OpFn) : noFn
    if (sink !== null) {
      this.result = deferred<unknown>()
      this.mat = this.result.promise
      this.kacc = sink.kind === 'fold' ? sink.zero : sink.kind === 'collect' ? [] : undefined
      if (sink.kind === 'fold' && typeof sink.zero === 'number') {
        this.knum = sink.zero
        this.inNum = true
        this.kacc = undefined
      }
    }
    this.k = ops.length
    this.kinds = Uint8Array.from(ops, (op) => KINDS[op.kind])
    this.fs = ops.map((op) => ('f' in op ? (op.f as OpFn) : noFn))
    this.st = ops.map(() => new OpState())
    this.skind =
      source === null
        ? -1
        : source.kind === 'merge' || source.kind === 'concat'
          ? source.kind === 'merge'
            ? S_MERGE
            : S_CONCAT
          : source.kind === 'range'
            ? S_RANGE
            : source.kind === 'array'
              ? S_ARRAY
              : S_OTHER
  }

  override preStart(): void {
    // With no port at all, a virtual one keeps the stage running until it settles (opened first,
    // so that a failure in a `create` below is not taken for one with nowhere to go).
    if (this.in === null && this.out === null) {
      this.virtualPort = true
      this.rt.openPorts++
    }
    const ops = this.ops
    for (let j = 0; j < this.k; j++) {
      const op = ops[j]!
      const s = this.st[j]!
      switch (op.kind) {
        case 'scan':
          this.hold(j, op.zero)
          s.a = op.zero
          if (typeof op.zero === 'number') {
            s.d = op.zero
            s.flag = true
          }
          break
        case 'take':
        case 'drop':
          s.n = op.n
          break
        case 'dropWhile':
          s.flag = true
          break
        case 'grouped':
          s.n = op.n // the group size, read per element
          s.a = []
          break
        case 'sliding':
          s.a = []
          break
        case 'intersperse':
          s.flag = true // the first element goes out without a separator
          if (op.start !== undefined) this.hold(j, op.start)
          break
        case 'statefulMap':
          this.at = j
          s.a = op.create()
          break
        default:
      }
    }
    if (this.source !== null) this.openSource(this.source)
    // take(0): the chain ends before anything was asked
    for (let j = this.k - 1; j >= 0; j--)
      if (this.kinds[j] === TAKE && this.st[j]!.n === 0) {
        this.terminate(j)
        break
      }
    if (this.out === null) {
      // A sink asks at once. With no port at all, the loop runs from the drain loop (after every preStart).
      if (this.in === null) this.interpreter.invoke(this, this.resumeCb as (arg: unknown) => void, undefined)
      else this.produce()
    } else if (this.cut >= 0 && this.nothingLeft()) this.completeStage()
  }

  private openSource(src: FusibleSource): void {
    this.at = -1
    this.sclosed = false
    switch (src.kind) {
      case 'range':
        this.snext = src.start
        this.send = src.end
        if (src.start >= src.end) this.sourceDone()
        break
      case 'array':
        this.send = src.array.length
        if (this.send === 0) this.sourceDone()
        break
      case 'merge':
      case 'concat': {
        const merged = (this.merged = new MergedSources(src))
        merged.start()
        if (merged.done) this.sourceDone()
        // The unfused merge asks its inputs for a first element at the start, whatever the demand
        // (concat asks only on demand).
        else if (!merged.sequential) this.interpreter.invoke(this, this.fillCb as (arg: unknown) => void, undefined)
        break
      }
      default: {
        const cur = (this.cur = new SourceCursor(0, src, this.sourceName, this.sourceSite))
        cur.open()
        if (cur.ended) this.sourceDone()
      }
    }
  }

  private readonly fillCb = (): void => {
    if (this.cut >= 0) return
    this.at = -1
    this.merged!.fill()
    this.afterRefill()
  }

  /** A merged input was asked again: if that was the end of the last one, the source is done (and maybe the stage). */
  private afterRefill(): void {
    if (!this.merged!.done) return
    this.sourceDone()
    if (this.out !== null && this.nothingLeft()) this.completeStage()
  }

  // ---- handlers ---------------------------------------------------------------------------------

  onPull(): void {
    this.produce()
  }

  onPush(): void {
    const r = this.runFrom(0, this.grab(this.in!))
    if (r !== undefined) {
      if (this.out !== null) return this.emit(r)
      this.at = AT_SINK
      this.accept(r)
    }
    this.produce()
  }

  onUpstreamFinish(): void {
    if (this.cut < 0) this.cut = this.flushAt = 0
    if (this.out === null || this.isAvailable(this.out)) this.produce()
    else if (this.nothingLeft()) this.completeStage()
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }

  override postStop(): void {
    for (let j = 0; j < this.k; j++) this.dropPending(j)
    this.closeSource()
    if (this.result !== null && !this.settled) {
      this.settled = true
      this.result.reject(new AbruptTerminationError(`${this.sinkName}: the stream stopped before a result was produced`))
    }
    // A stopped run may stay reachable for a while (Interpreter's recentRuns): keep no elements,
    // and not the settled Promise either (it holds the result, a collected array for instance).
    this.result = null
    this.kacc = undefined
    this.cur?.close()
    for (const s of this.st) s.a = undefined
  }

  override failStage(error: unknown): void {
    if (this.result !== null && !this.settled) {
      this.settled = true
      this.result.reject(error)
    }
    super.failStage(error)
    this.closeVirtualPort()
  }

  override completeStage(): void {
    super.completeStage()
    this.closeVirtualPort()
  }

  override cancelStage(cause: unknown): void {
    super.cancelStage(cause)
    this.closeVirtualPort()
  }

  private closeVirtualPort(): void {
    if (!this.virtualPort) return
    this.virtualPort = false
    this.portClosed()
  }

  override failureOrigin(): string {
    if (this.at === AT_SINK) return this.sinkName
    if (this.at >= 0) return this.names[this.at]!
    return this.merged?.failedInput()?.name ?? this.sourceName
  }

  override failureSite(): BuildSite | undefined {
    if (this.at === AT_SINK) return this.sinkSite
    if (this.at >= 0) return this.sites[this.at]
    const input = this.merged?.failedInput()
    return input !== undefined ? input.site : this.sourceSite
  }

  override members(): readonly string[] {
    const out: string[] = []
    if (this.source?.kind === 'merge' || this.source?.kind === 'concat') out.push(...this.source.names) // a fused fan-in's inputs
    if (this.source !== null) out.push(this.sourceName)
    out.push(...this.names)
    if (this.sink !== null) out.push(this.sinkName)
    return out
  }

  override progress(): number {
    return this.steps
  }

  // ---- the loop ---------------------------------------------------------------------------------

  /**
   * Downstream is waiting: emit one element, complete, or ask upstream. With a fused sink there is
   * no downstream: every element goes into the sink and the loop runs on until it needs upstream,
   * the stream ends, or its time slice is used up.
   */
  private produce(): void {
    if (this.rt.stopped || this.yielding) return
    let budget = CHUNK
    let sliceStart = -1
    // chunks until the next look at the clock, and when it was looked at last
    let wait = 1
    let lastLook = 0
    for (;;) {
      let r: unknown = undefined
      if (this.npend > 0) {
        const j = this.deepestPending()
        const v = this.takePending(j)
        if (v !== undefined) r = this.runFrom(j + 1, v)
      } else if (this.cut >= 0) {
        if (this.flushAt >= this.k) return this.finish()
        const j = this.flushAt++
        const v = this.flush(j)
        if (v !== undefined) r = this.runFrom(j + 1, v)
      } else if (this.in !== null) return this.pull(this.in)
      else if (this.out === null) {
        // source and sink both fused: a run of elements straight through, in a loop of its own
        budget = this.kkind === K_FOLD && this.inNum ? this.pumpFold(budget) : this.pump(budget)
        if (budget > 0) continue
        budget = 1 // the chunk's accounting below
      } else {
        this.at = -1
        const v = this.nextFromSource()
        if (v !== undefined) r = this.runFrom(0, v)
      }
      if (r !== undefined) {
        if (this.out !== null) return this.emit(r)
        this.at = AT_SINK
        this.accept(r)
      }
      if (--budget === 0) {
        budget = CHUNK
        this.steps += CHUNK
        if (this.out !== null) {
          // A long run of dropped elements: let the interpreter count it and look at the clock.
          // Our outlet is still pulled; the interpreter delivers onPull again (a re-pull or a queued pull).
          this.interpreter.signalPull(this.out.conn)
          return
        }
        // A fused sink: look at the clock, and let timers and I/O run once a slice is used up.
        // Chunks that take under a quarter of a millisecond are looked at every fourth one.
        if (--wait > 0) continue
        const now = hostNow()
        if (sliceStart < 0) sliceStart = now
        else if (now - sliceStart > SLICE_MS) {
          this.yielding = true
          return hostYield(this.resume)
        } else wait = now - lastLook < 0.25 ? 4 : 1
        lastLook = now
      }
    }
  }

  /**
   * Source and sink fused, nothing held, upstream live: takes up to `n` source elements through
   * the operators into the sink; stops early when an operator holds something, the chain is cut or
   * the source ends. Returns how much of `n` is left. Kept this plain on purpose: a variant that
   * kept the fold's or `last`'s number in a local, with a branch per sink kind in the loop, ran
   * S1 at 8.8–9.0 ms against 7.2–7.3 for this one (a script calling `pump` directly).
   */
  private pump(n: number): number {
    const k = this.k
    // where a failure comes from: the source (-1), an operator (0: runFrom notes which) or the sink
    let where = -1
    try {
      while (n > 0) {
        n--
        where = -1
        const v = this.nextFromSource()
        if (v !== undefined) {
          where = 0
          const r = k === 0 ? v : this.runFrom(0, v)
          if (r !== undefined) {
            where = AT_SINK
            this.accept(r)
          }
        }
        if (this.npend > 0 || this.cut >= 0) break
      }
    } catch (e) {
      if (where !== 0) this.at = where
      throw e
    }
    return n
  }

  /**
   * `pump` while the sink is a fold over numbers: the accumulator is a local for the whole run,
   * so V8 keeps it in a register instead of loading and storing `knum`'s box per element (ADR 0011,
   * amendment: S4 3.7 → 3.3 ms, `range → map → fold` 5.6 → 3.6). It is written back on the normal
   * ways out only: a local that the `catch` read would be stored to the stack before every call
   * that can throw, which is the chain through memory again; a failed run never reads it. The
   * loop is `pump`'s, written twice on purpose: one loop with a branch per sink kind was slower
   * for every kind (see `pump`).
   */
  private pumpFold(n: number): number {
    const k = this.k
    const f = this.kf as (acc: number, v: unknown) => unknown
    let acc = this.knum
    let where = -1
    try {
      while (n > 0) {
        n--
        where = -1
        const v = this.nextFromSource()
        if (v !== undefined) {
          where = 0
          const r = k === 0 ? v : this.runFrom(0, v)
          if (r !== undefined) {
            where = AT_SINK
            const y = f(acc, r)
            if (typeof y !== 'number') {
              // the accumulator is not a number any more: on in the general loop
              this.inNum = false
              this.kacc = y
              return n
            }
            acc = y
          }
        }
        if (this.npend > 0 || this.cut >= 0) break
      }
    } catch (e) {
      // the stream fails: the accumulator is not needed any more (so it is not written back here,
      // which would make V8 keep it in memory for the handler instead of in a register)
      if (where !== 0) this.at = where
      throw e
    }
    this.knum = acc
    return n
  }

  /** The fused sink takes one element (the caller has noted that a failure now is the sink's). */
  private accept(v: unknown): void {
    switch (this.kkind) {
      case K_FOLD:
        if (this.inNum) {
          const y = this.kf(this.knum, v)
          if (typeof y === 'number') this.knum = y
          else {
            this.inNum = false
            this.kacc = y
          }
        } else this.kacc = this.kf(this.kacc, v)
        break
      case K_LAST:
        // a number is kept in the numbers-only field (see `inNum`): no box per element
        if (typeof v === 'number') {
          this.knum = v
          this.inNum = true
        } else {
          this.inNum = false
          this.kacc = v
        }
        break
      case K_FOR_EACH:
        this.kf(v)
        break
      case K_COLLECT:
        ;(this.kacc as unknown[]).push(v)
        break
      default:
    }
  }

  /** Everything was emitted: complete, or settle the fused sink's Promise and stop. */
  private finish(): void {
    if (this.result !== null && !this.settled) {
      if (this.kkind === K_LAST && !this.inNum && this.kacc === undefined && !(this.sink as { optional: boolean }).optional) {
        this.at = AT_SINK
        return this.failStage(new EmptyStreamError('last'))
      }
      this.settled = true
      this.result.resolve(this.kkind === K_IGNORE || this.kkind === K_FOR_EACH ? undefined : this.inNum ? this.knum : this.kacc)
    }
    this.completeStage()
  }

  private emit(r: unknown): void {
    this.push(this.out!, r)
    if (this.merged !== null && !this.sclosed && !this.rt.stopped) {
      // The unfused merge asks the input again as soon as its element has gone downstream.
      this.at = -1
      this.merged.refillNow()
      if (this.merged.done) this.sourceDone()
    }
    if (this.cut >= 0 && this.nothingLeft()) this.completeStage()
  }

  /**
   * Runs `v` through operators `from..k-1`; returns what comes out, or undefined. Kept small so that V8
   * inlines it into the loops that call it: the common kinds are here, the others in `step`.
   * Which operator threw is noted only when one does (`at`), not per element.
   */
  private runFrom(from: number, v: unknown): unknown {
    const kinds = this.kinds
    const fs = this.fs
    const k = this.k
    let j = from
    try {
      for (; j < k; j++) {
        switch (kinds[j]) {
          case MAP:
            v = fs[j]!(v)
            if (v === undefined || v === null) throw this.nullPushed(j)
            break
          case FILTER:
            if (!fs[j]!(v)) return undefined
            break
          case FILTER_MAP:
            v = fs[j]!(v)
            if (v === undefined || v === null) return undefined
            break
          case SCAN: {
            // while the accumulator is a number it is kept in `d` (a numbers-only field: no box per sum)
            const s = this.st[j]!
            if (s.flag) {
              const y = fs[j]!(s.d, v)
              if (typeof y === 'number') s.d = y
              else {
                s.flag = false
                s.a = y
              }
              v = y
            } else v = s.a = fs[j]!(s.a, v)
            if (v === undefined || v === null) throw this.nullPushed(j)
            break
          }
          case GROUPED: {
            const s = this.st[j]!
            const group = s.a as unknown[]
            group.push(v)
            if (group.length < s.n) return undefined
            s.a = []
            v = group
            break
          }
          default:
            v = this.step(j, v)
            if (v === undefined) return undefined
        }
      }
    } catch (e) {
      this.at = j
      throw e
    }
    return v
  }

  /** Operator `j` (of a kind `runFrom` leaves to it) takes `v`: what it passes on, or undefined. */
  private step(j: number, v: unknown): unknown {
    const ops = this.ops
    const st = this.st
    switch (this.kinds[j]) {
      case TAKE:
        if (--st[j]!.n === 0) this.terminate(j)
        break
      case DROP: {
        const s = st[j]!
        if (s.n > 0) {
          s.n--
          return undefined
        }
        break
      }
      case TAKE_WHILE: {
        const op = ops[j] as { f: (x: unknown) => boolean; inclusive: boolean }
        if (!op.f(v)) {
          this.terminate(j)
          if (!op.inclusive) return undefined
        }
        break
      }
      case DROP_WHILE: {
        const s = st[j]!
        if (s.flag) {
          if ((ops[j] as { f: (x: unknown) => boolean }).f(v)) return undefined
          s.flag = false
        }
        break
      }
      case ZIP_WITH_INDEX:
        v = [v, st[j]!.n++]
        break
      case LIMIT: {
        const max = (ops[j] as { n: number }).n
        if (++st[j]!.n > max) throw new StreamLimitReachedError(max)
        break
      }
      case SLIDING: {
        const s = st[j]!
        if (s.n > 0) {
          s.n--
          return undefined
        }
        const op = ops[j] as { n: number; step: number }
        const window = s.a as unknown[]
        window.push(v)
        s.flag = true // the window holds an element no emitted window held
        if (window.length < op.n) return undefined
        s.flag = false
        if (op.step < op.n) s.a = window.slice(op.step)
        else {
          s.a = []
          s.n = op.step - op.n
        }
        v = window
        break
      }
      case MAP_CONCAT: {
        const it = (ops[j] as { f: (x: unknown) => Iterable<unknown> }).f(v)[Symbol.iterator]()
        this.holdIterator(j, it)
        v = this.takePending(j)
        if (v === undefined) return undefined
        break
      }
      case INTERSPERSE: {
        const s = st[j]!
        if (s.flag) s.flag = false
        else {
          this.hold(j, v)
          v = (ops[j] as { inject: unknown }).inject
        }
        break
      }
      case STATEFUL_MAP: {
        const s = st[j]!
        const [state, out] = (ops[j] as { f: (s: unknown, x: unknown) => readonly [unknown, unknown] }).f(s.a, v)
        s.a = state
        if (out === undefined || out === null) return undefined
        v = out
        break
      }
    }
    return v
  }

  // ---- pending elements -------------------------------------------------------------------------

  private hold(j: number, v: unknown): void {
    const s = this.st[j]!
    s.pk = P_VALUE
    s.pv = v
    this.npend++
  }

  private holdIterator(j: number, it: Iterator<unknown>): void {
    const s = this.st[j]!
    s.pk = P_ITER
    s.pv = it
    this.npend++
  }

  private deepestPending(): number {
    for (let j = this.k - 1; ; j--) if (this.st[j]!.pk !== P_NONE) return j
  }

  /** The next element operator `j` holds, or undefined once it holds no more. */
  private takePending(j: number): unknown {
    const s = this.st[j]!
    this.at = j
    if (s.pk === P_VALUE) {
      const v = s.pv
      s.pk = P_NONE
      s.pv = undefined
      this.npend--
      if (v === undefined || v === null) throw this.nullPushed(j)
      return v
    }
    const r = (s.pv as Iterator<unknown>).next()
    if (r.done === true) {
      s.pk = P_NONE
      s.pv = undefined
      this.npend--
      return undefined
    }
    if (r.value === undefined || r.value === null) throw this.nullPushed(j)
    return r.value
  }

  /** Forgets what operator `j` holds (returning an iterator, as the unfused stage's postStop does). */
  private dropPending(j: number): void {
    const s = this.st[j]!
    if (s.pk === P_NONE) return
    const it = s.pk === P_ITER ? (s.pv as Iterator<unknown>) : null
    s.pk = P_NONE
    s.pv = undefined
    this.npend--
    it?.return?.()
  }

  // ---- ending -----------------------------------------------------------------------------------

  /** Operator `j` ends the chain (take, takeWhile): everything up to it stops, upstream is cancelled. */
  private terminate(j: number): void {
    if (j + 1 <= this.cut) return
    this.cut = j + 1
    if (this.flushAt < this.cut) this.flushAt = this.cut
    for (let m = 0; m <= j; m++) this.dropPending(m)
    if (this.in !== null) this.cancel(this.in)
    else this.closeSource()
  }

  /** What operator `j` emits when its upstream is done, or undefined. */
  private flush(j: number): unknown {
    const s = this.st[j]!
    switch (this.kinds[j]) {
      case GROUPED: {
        const group = s.a as unknown[]
        if (group.length === 0) return undefined
        s.a = []
        return group
      }
      case SLIDING:
        if (!s.flag) return undefined
        s.flag = false
        return s.a
      case INTERSPERSE:
        return (this.ops[j] as { end: unknown }).end
      default:
        return undefined
    }
  }

  /** Nothing is held and no live operator has anything to flush. */
  private nothingLeft(): boolean {
    if (this.npend > 0) return false
    for (let j = this.flushAt; j < this.k; j++) {
      const s = this.st[j]!
      switch (this.kinds[j]) {
        case GROUPED:
          if ((s.a as unknown[]).length > 0) return false
          break
        case SLIDING:
          if (s.flag) return false
          break
        case INTERSPERSE:
          if ((this.ops[j] as { end: unknown }).end !== undefined) return false
          break
        default:
      }
    }
    return true
  }

  private nullPushed(j: number): TypeError {
    return rules.nullElement(`${this.names[j]!}.out: push`)
  }

  // ---- the fused source -------------------------------------------------------------------------

  private sourceDone(): void {
    this.sclosed = true
    this.cur?.finish()
    if (this.cut < 0) this.cut = this.flushAt = 0
  }

  private closeSource(): void {
    if (this.sclosed) return
    this.sclosed = true
    this.cur?.close()
    this.merged?.close()
  }

  /**
   * The source's next element, or undefined (then it is done). A source that ends with its last element
   * says so at once. Kept small so that V8 inlines it into `produce`: a range or an array is read
   * here, the other kinds in `nextOther`.
   */
  private nextFromSource(): unknown {
    switch (this.skind) {
      case S_RANGE: {
        const v = this.snext++
        if (this.snext === this.send) this.sourceDone()
        return v
      }
      case S_ARRAY: {
        const v = (this.source as { array: readonly unknown[] }).array[this.snext++]
        if (this.snext >= this.send) this.sourceDone()
        if (v === undefined || v === null) throw rules.nullElement(`${this.sourceName}.out: push`)
        return v
      }
      case S_MERGE: {
        const merged = this.merged!
        const v = merged.take()
        if (merged.done) this.sourceDone()
        return v
      }
      default:
        return this.nextOther()
    }
  }

  private nextOther(): unknown {
    if (this.skind === S_CONCAT) {
      // the merged inputs checked the element; undefined once every input has ended
      const merged = this.merged!
      const v = merged.next()
      if (merged.done) this.sourceDone()
      return v
    }
    const cur = this.cur!
    const v = cur.take() // checks the element
    if (cur.ended) this.sourceDone()
    return v
  }
}
