/**
 * The immutable description of a graph that the DSL builds and the materializer runs: stage
 * factories, the wires between their ports, the ports still open, and how to compute the
 * materialized value.
 *
 * @module
 */
import { type Attributes, mergeAttributes, noAttributes } from './Attributes.js'
import { BuildSite, captureBuildSites } from './errors.js'
import type { StageLogic } from './StageLogic.js'

/** How to create one stage of a graph. @category core @since 0.1.0 */
export interface StageDesc {
  /** The operator's name (`map`, `take`); `attributes.name` overrides it. */
  readonly name: string
  /** Number of inlets and outlets the created logic has. */
  readonly inlets: number
  readonly outlets: number
  readonly attributes: Attributes
  /** Creates a fresh logic for one run. */
  readonly create: (attributes: Attributes) => StageLogic
  /** Where the user's code built this stage, when build sites are captured. @internal */
  readonly site?: BuildSite
  /**
   * For the one-in/one-out operators the runtime can fuse (`map`, `filter`, `scan`, `take`, ...):
   * what the stage does to one element, so that a run may fuse a chain of them into one stage
   * (see FusedStage.ts). Only stages with no attributes are fused.
   *
   * @internal
   */
  readonly fuse?: FusibleOp
  /** For the synchronous sources the runtime can fuse with the chain after them (`range`, `from(array)`, ...). @internal */
  readonly fuseSource?: FusibleSource
  /** For the sinks the runtime can fuse with the chain before them (`fold`, `last`, `collect`, ...). @internal */
  readonly fuseSink?: FusibleSink
  /** For the fan-ins the runtime can fuse with the synchronous sources that feed all their inlets (`merge`, `concat`). @internal */
  readonly fuseFanIn?: FusibleFanIn
}

/** A fan-in that can be fused with the fusible sources feeding it (see MergedSources.ts). @internal */
export type FusibleFanIn = { readonly kind: 'merge' | 'concat' }

/** A stage that can be fused with its neighbours: what it does to one element. @internal */
export type FusibleOp =
  | { readonly kind: 'identity' }
  | { readonly kind: 'map'; readonly f: (x: unknown) => unknown }
  | { readonly kind: 'filter'; readonly f: (x: unknown) => boolean }
  | { readonly kind: 'filterMap'; readonly f: (x: unknown) => unknown }
  | { readonly kind: 'scan'; readonly zero: unknown; readonly f: (acc: unknown, x: unknown) => unknown }
  | { readonly kind: 'take'; readonly n: number }
  | { readonly kind: 'drop'; readonly n: number }
  | { readonly kind: 'takeWhile'; readonly f: (x: unknown) => boolean; readonly inclusive: boolean }
  | { readonly kind: 'dropWhile'; readonly f: (x: unknown) => boolean }
  | { readonly kind: 'zipWithIndex' }
  | { readonly kind: 'limit'; readonly n: number }
  | { readonly kind: 'grouped'; readonly n: number }
  | { readonly kind: 'sliding'; readonly n: number; readonly step: number }
  | { readonly kind: 'mapConcat'; readonly f: (x: unknown) => Iterable<unknown> }
  | { readonly kind: 'intersperse'; readonly inject: unknown; readonly start: unknown; readonly end: unknown }
  | { readonly kind: 'statefulMap'; readonly create: () => unknown; readonly f: (state: unknown, x: unknown) => readonly [unknown, unknown] }

/** A synchronous source that can be fused with the chain after it: where its elements come from. @internal */
export type FusibleSource =
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly array: readonly unknown[] }
  | { readonly kind: 'iterable'; readonly iterable: Iterable<unknown> }
  | { readonly kind: 'single'; readonly element: unknown }
  | { readonly kind: 'repeat'; readonly element: unknown }
  | { readonly kind: 'iterate'; readonly seed: unknown; readonly f: (x: unknown) => unknown }
  /** Built by a run, not by an operator: a `merge` or `concat` whose inlets are all fed by the sources in `inputs`. */
  | {
      readonly kind: 'merge' | 'concat'
      readonly inputs: readonly FusibleSource[]
      readonly names: readonly string[]
      readonly sites: readonly (BuildSite | undefined)[]
    }

/** A sink that can be fused with the chain before it: what it does with each element and at the end. @internal */
export type FusibleSink =
  | { readonly kind: 'fold'; readonly zero: unknown; readonly f: (acc: unknown, x: unknown) => unknown }
  | { readonly kind: 'last'; readonly optional: boolean }
  | { readonly kind: 'ignore' }
  | { readonly kind: 'forEach'; readonly f: (x: unknown) => void }
  | { readonly kind: 'collect' }

/** A port of a stage in a module: `[stage index, port index]`. */
export type PortRef = readonly [stage: number, port: number]

/** A wire from an outlet to an inlet; `async` wires become async boundaries. */
export interface Edge {
  readonly from: PortRef
  readonly to: PortRef
  readonly async: boolean
  /** Input buffer of the boundary, when `async` and set by `.async({ bufferSize })`. */
  readonly bufferSize?: number
}

/** How the materialized value is computed from the stages' values. */
export type MatExpr =
  | { readonly kind: 'stage'; readonly stage: number }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'combine'; readonly left: MatExpr; readonly right: MatExpr; readonly fn: (l: unknown, r: unknown) => unknown }
  | { readonly kind: 'map'; readonly inner: MatExpr; readonly fn: (m: unknown) => unknown }

/**
 * A graph blueprint. Immutable: every combinator returns a new one, so a blueprint can be run
 * any number of times.
 *
 * @category core
 * @since 0.1.0
 */
export class Module {
  constructor(
    readonly stages: readonly StageDesc[],
    readonly edges: readonly Edge[],
    readonly ins: readonly PortRef[],
    readonly outs: readonly PortRef[],
    readonly mat: MatExpr,
    /** The open outlets lead into an async boundary when wired: `false`, or the boundary's buffer size (0: default). */
    readonly asyncOuts: number | false = false,
  ) {}

  /**
   * A module of one stage whose ports are all open. Records where the user's code built it
   * (unless `internal`: a stage a running stage creates, like a substream's ends).
   */
  static of(desc: StageDesc, internal = false): Module {
    if (!internal && desc.site === undefined && captureBuildSites()) desc = { ...desc, site: new BuildSite() }
    const ins: PortRef[] = []
    const outs: PortRef[] = []
    for (let i = 0; i < desc.inlets; i++) ins.push([0, i])
    for (let i = 0; i < desc.outlets; i++) outs.push([0, i])
    return new Module([desc], [], ins, outs, { kind: 'stage', stage: 0 })
  }

  /**
   * Puts `this` and `other` side by side and wires `this.outs[o]` to `other.ins[i]` for each
   * `[o, i]` in `wires`; the materialized value is `combine(thisMat, otherMat)`.
   */
  compose(other: Module, wires: readonly (readonly [number, number])[], combine: (l: unknown, r: unknown) => unknown): Module {
    const offset = this.stages.length
    const shift = (p: PortRef): PortRef => [p[0] + offset, p[1]]
    const edges: Edge[] = [...this.edges, ...other.edges.map((e) => ({ ...e, from: shift(e.from), to: shift(e.to) }))]
    const usedOuts = new Set<number>()
    const usedIns = new Set<number>()
    for (const [o, i] of wires) {
      const from = this.outs[o]
      const to = other.ins[i]
      if (from === undefined || to === undefined) throw new RangeError(`compose: no open port ${from === undefined ? `out ${o}` : `in ${i}`}`)
      if (this.asyncOuts === false) edges.push({ from, to: shift(to), async: false })
      else if (this.asyncOuts === 0) edges.push({ from, to: shift(to), async: true })
      else edges.push({ from, to: shift(to), async: true, bufferSize: this.asyncOuts })
      usedOuts.add(o)
      usedIns.add(i)
    }
    const ins = [...this.ins, ...other.ins.filter((_, i) => !usedIns.has(i)).map(shift)]
    const outs = [...this.outs.filter((_, o) => !usedOuts.has(o)), ...other.outs.map(shift)]
    const mat = combineMat(this.mat, shiftMat(other.mat, offset), combine)
    return new Module([...this.stages, ...other.stages], edges, ins, outs, mat, other.asyncOuts)
  }

  /** The same graph with its materialized value passed through `fn`. */
  mapMat(fn: (m: unknown) => unknown): Module {
    return new Module(this.stages, this.edges, this.ins, this.outs, { kind: 'map', inner: this.mat, fn }, this.asyncOuts)
  }

  /** The same graph whose open outlets lead into an async boundary with `bufferSize` (0: the default). */
  withAsyncOuts(bufferSize = 0): Module {
    return new Module(this.stages, this.edges, this.ins, this.outs, this.mat, bufferSize)
  }

  /** The same graph with `attributes` added under each stage's own. */
  withAttributes(attributes: Attributes): Module {
    const stages = this.stages.map((s) => ({ ...s, attributes: mergeAttributes(s.attributes, attributes) }))
    return new Module(stages, this.edges, this.ins, this.outs, this.mat, this.asyncOuts)
  }
}

function combineMat(left: MatExpr, right: MatExpr, fn: (l: unknown, r: unknown) => unknown): MatExpr {
  // Keep.left / Keep.right need not keep the other side's expression around, unless it runs a
  // user function (mapMaterializedValue), which runs for its side effects at every run.
  if (fn === keepLeft && !runsUserCode(right)) return left
  if (fn === keepRight && !runsUserCode(left)) return right
  return { kind: 'combine', left, right, fn }
}

function runsUserCode(mat: MatExpr): boolean {
  switch (mat.kind) {
    case 'stage':
    case 'value':
      return false
    case 'map':
      return true
    case 'combine':
      return (mat.fn !== keepLeft && mat.fn !== keepRight && mat.fn !== keepBoth) || runsUserCode(mat.left) || runsUserCode(mat.right)
  }
}

function shiftMat(mat: MatExpr, offset: number): MatExpr {
  switch (mat.kind) {
    case 'stage':
      return { kind: 'stage', stage: mat.stage + offset }
    case 'value':
      return mat
    case 'combine':
      return { kind: 'combine', left: shiftMat(mat.left, offset), right: shiftMat(mat.right, offset), fn: mat.fn }
    case 'map':
      return { kind: 'map', inner: shiftMat(mat.inner, offset), fn: mat.fn }
  }
}

/** Keep the left materialized value. @internal */
export const keepLeft = (l: unknown): unknown => l
/** Keep the right materialized value. @internal */
export const keepRight = (_l: unknown, r: unknown): unknown => r

/** Describes a stage for a module. @internal */
export function stageDesc(name: string, inlets: number, outlets: number, create: (attributes: Attributes) => StageLogic): StageDesc {
  return { name, inlets, outlets, attributes: noAttributes, create }
}
/** Keep both materialized values as a pair. @internal */
export const keepBoth = (l: unknown, r: unknown): unknown => [l, r]
