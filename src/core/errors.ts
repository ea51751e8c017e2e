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

/**
 * Where a failure was raised: the stage's name, where the user's code built that stage, and where
 * the graph was run from.
 *
 * @category core
 * @since 0.1.0
 */
export interface FailureOrigin {
  /** The stage's name: the operator's (`map`), or the one given with `.named(...)`. */
  readonly stage: string
  /**
   * The first frame of the user's code that called into the DSL to build the stage
   * (`file:line:column`), when build sites are captured (see {@link captureBuildSites}).
   */
  readonly builtAt: string | undefined
  /** The first frame of the caller's code that ran the graph (`file:line:column`), when the host records stacks. */
  readonly site: string | undefined
}

/**
 * A place in the user's code, captured as an `Error` whose stack is only formatted when asked
 * for (capturing costs about 2 µs; formatting several times that).
 *
 * @internal
 */
export class CodeSite {
  private readonly captured: Error
  private formatted: string | undefined | null = null
  constructor(label: string) {
    this.captured = new Error(label)
  }
  /** `file:line:column` of the first frame outside sluice, or `undefined`. */
  get text(): string | undefined {
    if (this.formatted === null) this.formatted = firstUserFrame(this.captured.stack)
    return this.formatted
  }
}

/** Where a graph was run from. @internal */
export class RunSite extends CodeSite {
  constructor() {
    super('run site')
  }
}

/** Where a stage was built (the call into the DSL). @internal */
export class BuildSite extends CodeSite {
  constructor() {
    super('build site')
  }
}

/**
 * This package's own folder (`.../src/` or `.../dist/`) as stack frames print it: frames inside it
 * are not the user's. Taken from `import.meta.url` and from a frame of this very module (a dev
 * server may serve a file under another address than its module URL).
 */
const ownRoot: readonly string[] = (() => {
  const roots: string[] = []
  try {
    const url = new URL('../', import.meta.url)
    roots.push(url.href)
    if (url.protocol === 'file:') roots.push(decodeURIComponent(url.pathname))
  } catch {
    // no module URL: rely on the frame below
  }
  const frame = /\(?((?:[a-z]+:\/\/[^/\s]*)?[^\s(]*?)core[/\\]errors\.[jt]s/.exec(new Error().stack?.split('\n')[1] ?? '')
  if (frame !== null && frame[1] !== undefined && frame[1] !== '') roots.push(frame[1])
  return roots
})()

function isOwnFrame(line: string): boolean {
  if (line.includes('node:internal') || line.includes('/node_modules/')) return true
  for (const root of ownRoot) if (root.length > 1 && line.includes(root)) return true
  return false
}

function firstUserFrame(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined
  for (const line of stack.split('\n').slice(1)) {
    if (isOwnFrame(line)) continue
    const m = /\(?(\S+:\d+:\d+)\)?\s*$/.exec(line)
    if (m !== null) return m[1]!.replace(/\?[^:/]*(?=:\d+:\d+$)/, '')
  }
  return undefined
}

let buildSites: boolean | undefined

/**
 * Whether blueprints record where the user's code built each stage (for {@link failedStage},
 * snapshots and stall reports). By default they do unless `NODE_ENV` is `production`; capturing
 * costs about 2 µs per operator when a blueprint is built (not when it runs).
 *
 * @example
 * ```ts
 * captureBuildSites(true) // records sites, also in production
 * captureBuildSites()     // true: the current setting
 * ```
 * @category core
 * @since 0.1.0
 */
export function captureBuildSites(enabled?: boolean): boolean {
  if (enabled !== undefined) buildSites = enabled
  if (buildSites === undefined) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    buildSites = env?.['NODE_ENV'] !== 'production'
  }
  return buildSites
}

interface Origin {
  readonly stage: string
  readonly built: BuildSite | undefined
  readonly site: RunSite | undefined
}

const origins = new WeakMap<object, Origin>()

/**
 * Records that `error` was raised inside `stage` (built at `built`). The first stage to raise an
 * error wins, so a failure that travels downstream still names the stage it started in.
 *
 * @internal
 */
export function recordOrigin(error: unknown, stage: string, built: BuildSite | undefined, site: RunSite | undefined): void {
  if (typeof error === 'object' && error !== null && !origins.has(error)) origins.set(error, { stage, built, site })
}

/**
 * The stage in which a stream failure was raised, when the runtime saw it happen: its name, where
 * it was built and where the graph was run from.
 *
 * @example
 * ```ts
 * const err = await Source.single(1).map(() => { throw new Error('boom') }).runCollect().catch(e => e)
 * failedStage(err)?.stage   // 'map'
 * failedStage(err)?.builtAt // where `.map(...)` was called, as file:line:column
 * ```
 * @category core
 * @since 0.1.0
 */
export function failedStage(error: unknown): FailureOrigin | undefined {
  const origin = typeof error === 'object' && error !== null ? origins.get(error) : undefined
  return origin === undefined ? undefined : { stage: origin.stage, builtAt: origin.built?.text, site: origin.site?.text }
}

/** Turns whatever was thrown into something a stream can fail with. @internal */
export function asFailure(stage: string, thrown: unknown): unknown {
  return thrown instanceof Error ? thrown : new NonErrorThrown(stage, thrown)
}
