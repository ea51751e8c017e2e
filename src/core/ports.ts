/**
 * Ports and the connection between two ports. A connection's `state` is a set of bits that both
 * of its stages read and write; see README.md in this folder for the state machine.
 *
 * @module
 */
import type { Interpreter } from './Interpreter.js'
import type { StageLogic, StageRuntime } from './StageLogic.js'

/** Handlers for the signals that arrive at an input port. @category core @since 0.1.0 */
export interface InHandler {
  /** An element is available: `grab` it. */
  onPush(): void
  /** Upstream completed; `isAvailable(in)` may still be true for one last element. */
  onUpstreamFinish(): void
  /** Upstream failed with `error`. */
  onUpstreamFailure(error: unknown): void
}

/** Handlers for the signals that arrive at an output port. @category core @since 0.1.0 */
export interface OutHandler {
  /** Downstream asked for one element: `push` exactly one, now or later. */
  onPull(): void
  /** Downstream cancelled; `cause` is why (an error, or `undefined` for a plain cancel). */
  onDownstreamFinish(cause: unknown): void
}

// Connection state bits. PULLED..FAILED describe the port pair; P_* are signals not yet delivered.
/** @internal */ export const PULLED = 1 // downstream asked, upstream has not pushed yet
/** @internal */ export const HAS_ELEM = 2 // an element sits in `elem`, not yet grabbed
/** @internal */ export const UP_DONE = 4 // upstream completed or failed (maybe not delivered yet)
/** @internal */ export const DOWN_DONE = 8 // downstream cancelled (maybe not delivered yet)
/** @internal */ export const IN_CLOSED = 16 // the downstream stage sees its inlet closed
/** @internal */ export const OUT_CLOSED = 32 // the upstream stage sees its outlet closed
/** @internal */ export const FAILED = 64 // upstream failed: `failure` holds why
/** @internal */ export const P_PULL = 128
/** @internal */ export const P_PUSH = 256
/** @internal */ export const P_CLOSE = 512
/** @internal */ export const P_CANCEL = 1024
/** @internal */ export const PENDING = P_PULL | P_PUSH | P_CLOSE | P_CANCEL
/** A pull that arrived while this connection's onPull was running: the running delivery loops. @internal */
export const REPULL = 2048

/**
 * The link between one stage's outlet and another's inlet, created when a graph is run.
 *
 * @internal
 */
export class Connection {
  state = 0
  elem: unknown = undefined
  failure: unknown = undefined
  cause: unknown = undefined
  queued = false
  /** Elements pushed and pulls made on this connection so far (read by snapshots and the stall detector). */
  pushes = 0
  pulls = 0
  readonly upRt: StageRuntime
  readonly downRt: StageRuntime
  constructor(
    readonly interpreter: Interpreter,
    readonly upLogic: StageLogic,
    readonly outlet: Outlet<unknown>,
    readonly downLogic: StageLogic,
    readonly inlet: Inlet<unknown>,
  ) {
    this.upRt = upLogic.rt
    this.downRt = downLogic.rt
  }
}

/**
 * An input port of a stage. Printed as `stage.label`, for example `take.in`.
 *
 * @category core
 * @since 0.1.0
 */
export class Inlet<T> {
  /** @internal */ conn: Connection = null as unknown as Connection
  /** @internal */ handler: InHandler
  // The handler's methods, looked up once: calling them through these fields keeps the hot path
  // free of megamorphic property lookups on the many handler classes.
  /** @internal */ onPush: () => void
  /** @internal */ onUpstreamFinish: () => void
  /** @internal */ onUpstreamFailure: (error: unknown) => void
  declare private readonly _elem?: T
  constructor(
    readonly owner: StageLogic,
    readonly label: string,
    handler: InHandler,
  ) {
    this.handler = handler
    this.onPush = handler.onPush
    this.onUpstreamFinish = handler.onUpstreamFinish
    this.onUpstreamFailure = handler.onUpstreamFailure
  }
  /** @internal */
  setHandler(handler: InHandler): void {
    this.handler = handler
    this.onPush = handler.onPush
    this.onUpstreamFinish = handler.onUpstreamFinish
    this.onUpstreamFailure = handler.onUpstreamFailure
  }
  toString(): string {
    return `${this.owner.name}.${this.label}`
  }
}

/**
 * An output port of a stage. Printed as `stage.label`, for example `take.out`.
 *
 * @category core
 * @since 0.1.0
 */
export class Outlet<T> {
  /** @internal */ conn: Connection = null as unknown as Connection
  /** @internal */ handler: OutHandler
  /**
   * When the handler's `onPull` would only pull this inlet, the runtime pulls it directly
   * without running the stage (see README.md, "transparent pulls").
   *
   * @internal
   */
  passTo: Inlet<unknown> | null = null
  /** @internal */ onPull: () => void
  /** @internal */ onDownstreamFinish: (cause: unknown) => void
  declare private readonly _elem?: T
  constructor(
    readonly owner: StageLogic,
    readonly label: string,
    handler: OutHandler,
  ) {
    this.handler = handler
    this.onPull = handler.onPull
    this.onDownstreamFinish = handler.onDownstreamFinish
  }
  /** @internal */
  setHandler(handler: OutHandler): void {
    this.handler = handler
    this.onPull = handler.onPull
    this.onDownstreamFinish = handler.onDownstreamFinish
    this.passTo = null
  }
  toString(): string {
    return `${this.owner.name}.${this.label}`
  }
}
