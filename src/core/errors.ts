/**
 * The typed failures the runtime raises itself. User errors travel unchanged (so `instanceof`
 * keeps working in `recover` and in `catch`); the stage that raised them is recorded on the side
 * and can be asked for with {@link failedStage}.
 *
 * @module
 */

/**
 * A stage broke the stage protocol (push before pull, pull twice, grab with nothing available).
 * The message names the port, for example `take.out: push before pull`.
 *
 * @category core
 * @since 0.1.0
 */
export class StageProtocolError extends Error {
  override readonly name = 'StageProtocolError'
}

/**
 * A time bound was exceeded (`idleTimeout`, `completionTimeout`, ...). Names the operator and the duration.
 *
 * @category core
 * @since 0.1.0
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
  constructor(
    readonly operator: string,
    readonly durationMs: number,
    message?: string,
  ) {
    super(message ?? `${operator}: no progress within ${durationMs} ms`)
  }
}

/**
 * A bounded buffer overflowed under the `fail` strategy. Names the operator and the bound.
 *
 * @category core
 * @since 0.1.0
 */
export class BufferOverflowError extends Error {
  override readonly name = 'BufferOverflowError'
  constructor(
    readonly operator: string,
    readonly size: number,
  ) {
    super(`${operator}: buffer of ${size} element(s) overflowed`)
  }
}

/**
 * The stream was torn down from the outside (its materializer shut down, a kill switch aborted
 * without a cause) before it could finish.
 *
 * @category core
 * @since 0.1.0
 */
export class AbruptTerminationError extends Error {
  override readonly name = 'AbruptTerminationError'
}

/**
 * A value that is not an `Error` was thrown inside a stage (`throw 'oops'`). It is wrapped so
 * that the stream fails with an `Error`; the thrown value is `cause`.
 *
 * @category core
 * @since 0.1.0
 */
export class NonErrorThrown extends Error {
  override readonly name = 'NonErrorThrown'
  constructor(stage: string, cause: unknown) {
    super(`${stage}: a non-Error value was thrown: ${String(cause)}`, { cause })
  }
}

/**
 * An operator needed at least one element and the stream completed without any
 * (`reduce`, `head`, `last`).
 *
 * @category core
 * @since 0.1.0
 */
export class EmptyStreamError extends Error {
  override readonly name = 'EmptyStreamError'
  constructor(readonly operator: string) {
    super(`${operator}: the stream completed without any element`)
  }
}

/**
 * `limit(max)` saw more than `max` elements.
 *
 * @category core
 * @since 0.1.0
 */
export class StreamLimitReachedError extends Error {
  override readonly name = 'StreamLimitReachedError'
  constructor(readonly max: number) {
    super(`limit(max): the stream had more than ${max} element(s)`)
  }
}

/** Where a failure was raised: the stage name and, when known, where the graph was run from. */
export interface FailureOrigin {
  readonly stage: string
  /** The first frame of the caller's code that ran the graph (`file:line:column`), when the host records stacks. */
  readonly site: string | undefined
}

/**
 * Where a graph was run from: an `Error` captured at `run()` whose stack is only formatted if a
 * failure asks for it.
 *
 * @internal
 */
export class RunSite {
  private readonly captured = new Error('run site')
  private formatted: string | undefined | null = null
  get text(): string | undefined {
    if (this.formatted === null) this.formatted = firstUserFrame(this.captured.stack)
    return this.formatted
  }
}

function firstUserFrame(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined
  for (const line of stack.split('\n').slice(1)) {
    if (/[/\\](src|dist)[/\\](core|dsl|operators|spec)[/\\]/.test(line) || line.includes('node:internal')) continue
    const m = /\(?(\S+:\d+:\d+)\)?\s*$/.exec(line)
    if (m !== null) return m[1]
  }
  return undefined
}

const origins = new WeakMap<object, { readonly stage: string; readonly site: RunSite | undefined }>()

/**
 * Records that `error` was raised inside `stage`. The first stage to raise an error wins, so a
 * failure that travels downstream still names the stage it started in.
 *
 * @internal
 */
export function recordOrigin(error: unknown, stage: string, site: RunSite | undefined): void {
  if (typeof error === 'object' && error !== null && !origins.has(error)) origins.set(error, { stage, site })
}

/**
 * The stage in which a stream failure was raised, when the runtime saw it happen.
 *
 * @example
 * ```ts
 * const err = await Source.single(1).map(() => { throw new Error('boom') }).runCollect().catch(e => e)
 * failedStage(err)?.stage // 'map'
 * ```
 * @category core
 * @since 0.1.0
 */
export function failedStage(error: unknown): FailureOrigin | undefined {
  const origin = typeof error === 'object' && error !== null ? origins.get(error) : undefined
  return origin === undefined ? undefined : { stage: origin.stage, site: origin.site?.text }
}

/** Turns whatever was thrown into something a stream can fail with. @internal */
export function asFailure(stage: string, thrown: unknown): unknown {
  return thrown instanceof Error ? thrown : new NonErrorThrown(stage, thrown)
}
