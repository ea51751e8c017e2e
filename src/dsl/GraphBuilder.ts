/**
 * The graph builder: wire stages with several inputs and outputs (broadcast, merge, zip, ...)
 * into any graph, then close it into a `RunnableGraph` or expose its open ports as a Source,
 * Flow, Sink or a shape of your own.
 *
 * ```
 *            ┌─> f1 ─┐
 * src ─> bcast       zip ─> sink
 *            └─> f2 ─┘
 * ```
 *
 * @module
 */
import type { FlowGraph, NotUsed, SinkGraph, SourceGraph } from '../core/Graph.js'
import { type Edge, keepLeft, Module, type PortRef } from '../core/Module.js'
import {
  type AnyInPort,
  type AnyOutPort,
  type ClosedShape,
  FlowShape,
  InPort,
  OutPort,
  type Shape,
  type ShapedGraph,
  SinkShape,
  SourceShape,
  UniformFanInShape,
  UniformFanOutShape,
} from '../core/Shape.js'
import type { Flow } from './Flow.js'
import { RunnableGraph } from './RunnableGraph.js'
import type { Sink } from './Sink.js'
import type { Source } from './Source.js'

/** Anything `b.add` accepts: a shaped graph, or a Source, Flow or Sink. @category dsl @since 0.1.0 */
export type AddableGraph = ShapedGraph<Shape, unknown> | SourceGraph<unknown, unknown> | FlowGraph<never, unknown, unknown> | SinkGraph<never, unknown>

/** The shape `b.add(graph)` returns for `graph`. @category dsl @since 0.1.0 */
export type ShapeOf<G> =
  G extends ShapedGraph<infer S, infer _M>
    ? S
    : G extends Sink<infer T, infer _M>
      ? SinkShape<T>
      : G extends Source<infer T, infer _M>
        ? SourceShape<T>
        : G extends Flow<infer I, infer O, infer _M>
          ? FlowShape<I, O>
          : never

/** The materialized value of `graph`. @category dsl @since 0.1.0 */
export type MatOf<G> =
  G extends ShapedGraph<Shape, infer M>
    ? M
    : G extends Sink<infer _T, infer M>
      ? M
      : G extends Source<infer _T, infer M>
        ? M
        : G extends Flow<infer _I, infer _O, infer M>
          ? M
          : unknown

/**
 * What `GraphDSL.create` returns for a build function that returns shape `S`: a `RunnableGraph`
 * for `ClosedShape`; otherwise a shaped graph that `Source.fromGraph`, `Flow.fromGraph`,
 * `Sink.fromGraph` or another builder's `b.add` accept.
 *
 * @category dsl
 * @since 0.1.0
 */
export type GraphOf<S extends Shape, M> = S extends ClosedShape
  ? RunnableGraph<M>
  : S extends SourceShape<infer T>
    ? ShapedGraph<S, M> & SourceGraph<T, M>
    : S extends FlowShape<infer I, infer O>
      ? ShapedGraph<S, M> & FlowGraph<I, O, M>
      : S extends SinkShape<infer T>
        ? ShapedGraph<S, M> & SinkGraph<T, M>
        : ShapedGraph<S, M>

const key = (at: PortRef): string => `${at[0]}:${at[1]}`

/**
 * Collects the stages of a graph and the wires between their ports. You get one from
 * `GraphDSL.create`; it is valid only inside the build function.
 *
 * @category dsl
 * @since 0.1.0
 */
export class GraphBuilder {
  private module: Module
  private readonly edges: Edge[] = []
  private readonly wired = new Set<string>()
  /** Every port of every added graph, by key, for the "not connected" check. */
  private readonly inPorts = new Map<string, AnyInPort>()
  private readonly outPorts = new Map<string, AnyOutPort>()
  /** The async mark of the graph an outlet came from (`Module.asyncOuts`). */
  private readonly asyncOf = new Map<string, number | false>()
  private closed = false

  /** @internal */
  constructor(initialMat: unknown) {
    this.module = new Module([], [], [], [], { kind: 'value', value: initialMat })
  }

  /**
   * Adds a copy of `graph` to this graph and returns its ports: the shape of a shaped graph
   * (`Merge.create(2)` gives a `UniformFanInShape`), `SourceShape`/`FlowShape`/`SinkShape` for a
   * Source, Flow or Sink. Its materialized value is dropped (see `GraphDSL.create` with graphs
   * to keep it).
   */
  add<S extends Shape, M>(graph: ShapedGraph<S, M>): S
  add<T, M>(sink: Sink<T, M>): SinkShape<T>
  add<T, M>(source: Source<T, M>): SourceShape<T>
  add<I, O, M>(flow: Flow<I, O, M>): FlowShape<I, O>
  add(graph: AddableGraph): Shape {
    return this.include(graph, keepLeft)
  }

  /** @internal */
  include(graph: AddableGraph, combine: (l: unknown, r: unknown) => unknown): Shape {
    this.checkOpen('add')
    if (graph === null || typeof graph !== 'object' || !('module' in graph) || !(graph.module instanceof Module))
      throw new TypeError('GraphDSL: b.add(graph): expected a Source, Flow, Sink or a shaped graph (Merge.create(2), ...)')
    const m = graph.module
    const shape = 'shape' in graph ? graph.shape : implicitShape(m)
    const offset = this.module.stages.length
    this.module = this.module.compose(m, [], combine)
    const nameOf = (ref: PortRef): string => {
      const desc = m.stages[ref[0]]!
      return desc.attributes.name ?? desc.name
    }
    const ins = shape.inlets.map((p, i) => {
      const ref = m.ins[i]!
      const port = new InPort<never>(`${nameOf(ref)}.${p.label}`, [ref[0] + offset, ref[1]], this)
      this.inPorts.set(key(port.at!), port)
      return port
    })
    const outs = shape.outlets.map((p, i) => {
      const ref = m.outs[i]!
      const port = new OutPort<unknown>(`${nameOf(ref)}.${p.label}`, [ref[0] + offset, ref[1]], this)
      this.outPorts.set(key(port.at!), port)
      this.asyncOf.set(key(port.at!), m.asyncOuts)
      return port
    })
    return shape.withPorts(ins, outs)
  }

  /**
   * Starts a chain at an outlet: a port, a Source (added here), a shape with an `out` port, or a
   * fan-out shape (its next unconnected outlet).
   */
  from<T>(start: OutPort<T>): PortOps<T>
  from<T>(start: UniformFanOutShape<never, T>): PortOps<T>
  from<T>(start: { readonly out: OutPort<T> }): PortOps<T>
  from<T>(start: SourceGraph<T, unknown>): PortOps<T>
  from(start: unknown): PortOps<unknown> {
    this.checkOpen('from')
    return new PortOps(this, this.outletOf(start))
  }

  /** Connects `from` to `to` directly. */
  connect<T>(from: OutPort<T>, to: InPort<T>): void {
    this.wire(from, to)
  }

  private outletOf(start: unknown): OutPort<unknown> {
    if (start instanceof OutPort) return start
    if (start instanceof UniformFanOutShape) {
      const free = (start.outlets as OutPort<unknown>[]).find((p) => p.at !== null && !this.wired.has(`o${key(p.at)}`))
      if (free === undefined) throw new TypeError(`GraphDSL: every outlet of ${start.outlets[0]?.label ?? 'the fan-out'}'s stage is already connected`)
      return free
    }
    if (typeof start === 'object' && start !== null) {
      if ('module' in start) {
        const shape = this.include(start as AddableGraph, keepLeft)
        if (shape.outlets.length !== 1 || shape.inlets.length !== 0)
          throw new TypeError(`GraphDSL: b.from(graph): expected a Source (0 inlets, 1 outlet), got ${shape.inlets.length} and ${shape.outlets.length}`)
        return shape.outlets[0]!
      }
      if ('out' in start && start.out instanceof OutPort) return start.out
    }
    throw new TypeError('GraphDSL: b.from(x): expected an outlet, a Source, or a shape with an `out` port')
  }

  /** @internal */
  inletOf(target: unknown): AnyInPort {
    if (target instanceof InPort) return target as AnyInPort
    if (target instanceof UniformFanInShape) {
      const free = (target.inlets as unknown as AnyInPort[]).find((p) => p.at !== null && !this.wired.has(`i${key(p.at)}`))
      if (free === undefined) throw new TypeError(`GraphDSL: every inlet of ${target.out.label}'s stage is already connected`)
      return free
    }
    if (typeof target === 'object' && target !== null) {
      if ('module' in target) {
        const shape = this.include(target as AddableGraph, keepLeft)
        if (shape.inlets.length !== 1 || shape.outlets.length !== 0)
          throw new TypeError(`GraphDSL: to(graph): expected a Sink (1 inlet, 0 outlets), got ${shape.inlets.length} and ${shape.outlets.length}`)
        return shape.inlets[0]!
      }
      if ('in' in target && target.in instanceof InPort) return target.in as AnyInPort
    }
    throw new TypeError('GraphDSL: to(x): expected an inlet, a Sink, or a shape with an `in` port')
  }

  /** @internal */
  wire(from: OutPort<unknown>, to: AnyInPort): void {
    this.checkOpen('connect')
    this.checkOwn(from)
    this.checkOwn(to)
    const fromKey = key(from.at!)
    const toKey = key(to.at!)
    if (this.wired.has(`o${fromKey}`)) throw new TypeError(`GraphDSL: outlet ${from.label} is already connected`)
    if (this.wired.has(`i${toKey}`)) throw new TypeError(`GraphDSL: inlet ${to.label} is already connected`)
    this.wired.add(`o${fromKey}`)
    this.wired.add(`i${toKey}`)
    const mark = this.asyncOf.get(fromKey) ?? false
    if (mark === false) this.edges.push({ from: from.at!, to: to.at!, async: false })
    else if (mark === 0) this.edges.push({ from: from.at!, to: to.at!, async: true })
    else this.edges.push({ from: from.at!, to: to.at!, async: true, bufferSize: mark })
  }

  private checkOwn(port: AnyInPort | AnyOutPort): void {
    if (port.scope === this) return
    if (port.scope === null)
      throw new TypeError(`GraphDSL: port ${port.label} is not part of this graph: use the ports that b.add(...) returns`)
    throw new TypeError(`GraphDSL: port ${port.label} belongs to another graph builder`)
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new TypeError(`GraphDSL: ${what} after the build function returned`)
  }

  /** Closes the builder: the graph whose open ports are exactly those of `shape`. @internal */
  result(shape: Shape): Module {
    this.checkOpen('build')
    this.closed = true
    if (shape === null || typeof shape !== 'object' || !Array.isArray(shape.inlets))
      throw new TypeError('GraphDSL.create: the build function must return a shape (ClosedShape, SourceShape.of(port), ...)')
    const exposed = new Set<string>()
    for (const p of shape.inlets) {
      this.checkOwn(p)
      if (this.wired.has(`i${key(p.at!)}`)) throw new TypeError(`GraphDSL: inlet ${p.label} is returned in the shape but is already connected`)
      exposed.add(`i${key(p.at!)}`)
    }
    for (const p of shape.outlets) {
      this.checkOwn(p)
      if (this.wired.has(`o${key(p.at!)}`)) throw new TypeError(`GraphDSL: outlet ${p.label} is returned in the shape but is already connected`)
      exposed.add(`o${key(p.at!)}`)
    }
    const loose: string[] = []
    for (const [k, p] of this.inPorts) if (!this.wired.has(`i${k}`) && !exposed.has(`i${k}`)) loose.push(`inlet ${p.label}`)
    for (const [k, p] of this.outPorts) if (!this.wired.has(`o${k}`) && !exposed.has(`o${k}`)) loose.push(`outlet ${p.label}`)
    if (loose.length > 0)
      throw new TypeError(`GraphDSL: ${loose.join(', ')} ${loose.length === 1 ? 'is' : 'are'} not connected (connect it, or return it in the shape)`)
    const outs = shape.outlets.map((p) => p.at!)
    const asyncOuts = shape.outlets.length === 1 ? (this.asyncOf.get(key(outs[0]!)) ?? false) : false
    const m = this.module
    return new Module(
      m.stages,
      [...m.edges, ...this.edges],
      shape.inlets.map((p) => p.at!),
      outs,
      m.mat,
      asyncOuts,
    )
  }
}

function implicitShape(m: Module): Shape {
  const nIn = m.ins.length
  const nOut = m.outs.length
  if (nIn === 0 && nOut === 1) return new SourceShape(new OutPort('out'))
  if (nIn === 1 && nOut === 0) return new SinkShape(new InPort('in'))
  if (nIn === 1 && nOut === 1) return new FlowShape(new InPort('in'), new OutPort('out'))
  if (nIn === 0 && nOut === 0) throw new TypeError('GraphDSL: b.add(graph): a closed graph has no ports to wire; run it on its own')
  throw new TypeError(`GraphDSL: b.add(graph): a graph with ${nIn} inlets and ${nOut} outlets needs a shape (use a ShapedGraph)`)
}

/**
 * A chain being wired from an outlet: `b.from(src).via(flow).to(sink)`.
 *
 * @category dsl
 * @since 0.1.0
 */
export class PortOps<T> {
  /** @internal */
  constructor(
    private readonly b: GraphBuilder,
    /** The outlet the chain has reached. */
    readonly outlet: OutPort<T>,
  ) {}

  /**
   * Continues through `step`: a Flow (added here), a flow shape already added, or a fan-in
   * shape (its next unconnected inlet); returns the chain at the step's outlet.
   */
  via<U>(step: UniformFanInShape<T, U>): PortOps<U>
  via<U>(step: { readonly in: InPort<T>; readonly out: OutPort<U> }): PortOps<U>
  via<U>(step: FlowGraph<T, U, unknown>): PortOps<U>
  via(step: unknown): PortOps<unknown> {
    if (typeof step === 'object' && step !== null && 'module' in step) {
      const shape = this.b.include(step as AddableGraph, keepLeft)
      if (shape.inlets.length !== 1 || shape.outlets.length !== 1)
        throw new TypeError(`GraphDSL: via(graph): expected a Flow (1 inlet, 1 outlet), got ${shape.inlets.length} and ${shape.outlets.length}`)
      this.b.wire(this.outlet, shape.inlets[0]!)
      return new PortOps(this.b, shape.outlets[0]!)
    }
    const inlet = this.b.inletOf(step)
    const out = (step as { out?: unknown }).out
    if (!(out instanceof OutPort)) throw new TypeError('GraphDSL: via(x): expected a Flow, or a shape with an `in` and an `out` port')
    this.b.wire(this.outlet, inlet)
    return new PortOps(this.b, out)
  }

  /** Ends the chain in `target`: an inlet, a Sink (added here), a shape with an `in` port, or a fan-in shape (its next unconnected inlet). */
  to(target: InPort<T>): void
  to(target: UniformFanInShape<T, unknown>): void
  to(target: { readonly in: InPort<T> }): void
  to(target: SinkGraph<T, unknown>): void
  to(target: unknown): void {
    this.b.wire(this.outlet, this.b.inletOf(target))
  }
}

/** The shapes of the graphs passed to `GraphDSL.create`, in order. */
export type ShapesOf<G extends readonly unknown[]> = { [K in keyof G]: ShapeOf<G[K]> }
/** The materialized values of the graphs passed to `GraphDSL.create`, in order. */
export type MatsOf<G extends readonly unknown[]> = { -readonly [K in keyof G]: MatOf<G[K]> }

/**
 * Builds graphs with any number of inputs and outputs.
 *
 * ```
 *            ┌─> map(x+1) ──┐
 * range ─> bcast           zip ─> collect
 *            └─> map(x*10) ─┘
 * ```
 * @example
 * ```ts
 * const pairs = GraphDSL.create([Sink.collect<[number, number]>()], (b, [out]) => {
 *   const bcast = b.add(Broadcast.create<number>(2))
 *   const zip = b.add(Zip.create<number, number>())
 *   b.from(Source.range(1, 3)).to(bcast)
 *   b.from(bcast.out(0)).via(Flow.create<number>().map((x) => x + 1)).to(zip.in0)
 *   b.from(bcast.out(1)).via(Flow.create<number>().map((x) => x * 10)).to(zip.in1)
 *   b.from(zip.out).to(out)
 *   return ClosedShape
 * })
 * const [done] = pairs.run()
 * await done // [[2, 10], [3, 20], [4, 30]]
 * ```
 * **Gotchas**: a diamond (a fan-out whose branches meet again in a fan-in) runs in one fused
 * island. It works when every branch is 1:1 (`map`); a branch that drops or adds elements
 * (`filter`, `mapConcat`) needs a `buffer` (or an `.async()` boundary) on the other branches,
 * sized for the largest run of elements one branch holds back while the other waits, or the
 * graph stalls. See docs/graphs.md.
 * @category dsl
 * @since 0.1.0
 */
export const GraphDSL = {
  /**
   * Runs `build` with a fresh builder; the shape it returns says which ports stay open. The
   * form with `graphs` adds those first, passes their shapes to `build`, and keeps their
   * materialized values as a tuple (the others' are dropped).
   */
  create: createGraph as {
    <S extends Shape>(build: (b: GraphBuilder) => S): GraphOf<S, NotUsed>
    <const G extends readonly AddableGraph[], S extends Shape>(graphs: G, build: (b: GraphBuilder, shapes: ShapesOf<G>) => S): GraphOf<S, MatsOf<G>>
  },
}

function createGraph(
  graphsOrBuild: readonly AddableGraph[] | ((b: GraphBuilder) => Shape),
  maybeBuild?: (b: GraphBuilder, shapes: readonly Shape[]) => Shape,
): unknown {
  let shape: Shape
  let b: GraphBuilder
  if (typeof graphsOrBuild === 'function') {
    b = new GraphBuilder(undefined)
    shape = graphsOrBuild(b)
  } else {
    if (!Array.isArray(graphsOrBuild)) throw new TypeError('GraphDSL.create(graphs, build): expected an array of graphs')
    if (typeof maybeBuild !== 'function') throw new TypeError('GraphDSL.create(graphs, build): expected a build function')
    b = new GraphBuilder([])
    const shapes = graphsOrBuild.map((g) => b.include(g, appendMat))
    shape = maybeBuild(b, shapes)
  }
  const module = b.result(shape)
  if (shape.kind === 'closed') return new RunnableGraph(module)
  const template = shape.withPorts(
    shape.inlets.map((p) => new InPort<never>(p.label)),
    shape.outlets.map((p) => new OutPort<unknown>(p.label)),
  )
  return { module, shape: template }
}

const appendMat = (l: unknown, r: unknown): unknown => [...(l as unknown[]), r]
