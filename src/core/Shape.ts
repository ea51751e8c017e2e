/**
 * Shapes: the typed open ports of a graph with several inputs or outputs (a merge, a broadcast,
 * a zip). A {@link ShapedGraph} pairs a {@link Module} with a shape whose ports list, in order,
 * the module's open inlets and outlets. The graph builder (`GraphDSL`) binds those ports to a
 * graph under construction and wires them.
 *
 * ```
 *  UniformFanInShape<T, O>     UniformFanOutShape<I, T>     FanInShape2<A, B, O>
 *   in(0) ─┐                      ┌─ out(0)                  in0 ─┐
 *   in(1) ─┼─> out           in ──┼─ out(1)                  in1 ─┴─> out
 *   in(n) ─┘                      └─ out(n)
 * ```
 *
 * @module
 */
import type { Module, PortRef } from './Module.js'

/**
 * An input port of a graph being built: elements of `T` may be wired into it. `InPort<number>`
 * accepts only what is a `number`; an `InPort<unknown>` accepts anything.
 *
 * @category core
 * @since 0.1.0
 */
export class InPort<T> {
  declare private readonly _accepts?: (x: T) => void
  /** @internal */
  constructor(
    /** The port's name in errors, for example `zip.in1`. */
    readonly label: string,
    /** Where the port is in the builder's graph; `null` on a blueprint's own shape. @internal */
    readonly at: PortRef | null = null,
    /** The builder the port belongs to; `null` on a blueprint's own shape. @internal */
    readonly scope: object | null = null,
  ) {}
  toString(): string {
    return this.label
  }
}

/**
 * An output port of a graph being built: it emits elements of `T`.
 *
 * @category core
 * @since 0.1.0
 */
export class OutPort<T> {
  declare private readonly _emits?: T
  /** @internal */
  constructor(
    /** The port's name in errors, for example `broadcast.out0`. */
    readonly label: string,
    /** @internal */ readonly at: PortRef | null = null,
    /** @internal */ readonly scope: object | null = null,
  ) {}
  toString(): string {
    return this.label
  }
}

/** Any input port, whatever it accepts. @category core @since 0.1.0 */
// An InPort is contravariant in its element: every InPort<T> is an InPort<never>.
export type AnyInPort = InPort<never>
/** Any output port. @category core @since 0.1.0 */
export type AnyOutPort = OutPort<unknown>

/**
 * The open ports of a graph. `inlets[i]` is the module's `ins[i]`, `outlets[j]` its `outs[j]`.
 *
 * @category core
 * @since 0.1.0
 */
export abstract class Shape {
  /** Tells the shapes apart in types and at run time. */
  abstract readonly kind: string
  abstract readonly inlets: readonly AnyInPort[]
  abstract readonly outlets: readonly AnyOutPort[]
  /** The same kind of shape with other ports (same order as `inlets`/`outlets`). @internal */
  abstract withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): Shape
}

function portAt<P>(ports: readonly P[], i: number, owner: string, what: string): P {
  const port = Number.isInteger(i) ? ports[i] : undefined
  if (port === undefined) throw new RangeError(`${owner}(${String(i)}): no such port (${ports.length} ${what})`)
  return port
}

class Closed extends Shape {
  readonly kind = 'closed' as const
  readonly inlets: readonly AnyInPort[] = []
  readonly outlets: readonly AnyOutPort[] = []
  withPorts(): Shape {
    return this
  }
}

/** The shape of a graph with no open port. @category core @since 0.1.0 */
export interface ClosedShape extends Shape {
  readonly kind: 'closed'
}

/**
 * Returned from a `GraphDSL.create` build function when every port is wired: the result is a
 * `RunnableGraph`.
 *
 * @category core
 * @since 0.1.0
 */
export const ClosedShape: ClosedShape = new Closed()

/** One open outlet. @category core @since 0.1.0 */
export class SourceShape<T> extends Shape {
  readonly kind = 'source' as const
  constructor(readonly out: OutPort<T>) {
    super()
  }
  static of<T>(out: OutPort<T>): SourceShape<T> {
    return new SourceShape(out)
  }
  get inlets(): readonly AnyInPort[] {
    return []
  }
  get outlets(): readonly AnyOutPort[] {
    return [this.out]
  }
  withPorts(_ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): SourceShape<T> {
    return new SourceShape(outs[0] as OutPort<T>)
  }
}

/** One open inlet. @category core @since 0.1.0 */
export class SinkShape<T> extends Shape {
  readonly kind = 'sink' as const
  readonly in: InPort<T>
  constructor(inlet: InPort<T>) {
    super()
    this.in = inlet
  }
  static of<T>(inlet: InPort<T>): SinkShape<T> {
    return new SinkShape(inlet)
  }
  get inlets(): readonly AnyInPort[] {
    return [this.in as AnyInPort]
  }
  get outlets(): readonly AnyOutPort[] {
    return []
  }
  withPorts(ins: readonly AnyInPort[]): SinkShape<T> {
    return new SinkShape(ins[0] as unknown as InPort<T>)
  }
}

/** One open inlet and one open outlet. @category core @since 0.1.0 */
export class FlowShape<I, O> extends Shape {
  readonly kind = 'flow' as const
  readonly in: InPort<I>
  constructor(
    inlet: InPort<I>,
    readonly out: OutPort<O>,
  ) {
    super()
    this.in = inlet
  }
  static of<I, O>(inlet: InPort<I>, outlet: OutPort<O>): FlowShape<I, O> {
    return new FlowShape(inlet, outlet)
  }
  get inlets(): readonly AnyInPort[] {
    return [this.in as AnyInPort]
  }
  get outlets(): readonly AnyOutPort[] {
    return [this.out]
  }
  withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): FlowShape<I, O> {
    return new FlowShape(ins[0] as unknown as InPort<I>, outs[0] as OutPort<O>)
  }
}

/** `n` inlets of the same type and one outlet (merge, concat, interleave). @category core @since 0.1.0 */
export class UniformFanInShape<T, O> extends Shape {
  readonly kind: 'uniformFanIn' | 'mergePreferred' = 'uniformFanIn'
  constructor(
    readonly inlets: readonly InPort<T>[],
    readonly out: OutPort<O>,
  ) {
    super()
  }
  /** A template shape with `n` inlets `in0..`, for a one-stage blueprint. @internal */
  static template<T, O>(n: number): UniformFanInShape<T, O> {
    return new UniformFanInShape(
      Array.from({ length: n }, (_, i) => new InPort<T>(`in${i}`)),
      new OutPort<O>('out'),
    )
  }
  get outlets(): readonly AnyOutPort[] {
    return [this.out]
  }
  /** The `i`-th inlet (from 0). */
  in(i: number): InPort<T> {
    return portAt(this.inlets, i, 'in', 'inlets')
  }
  withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): UniformFanInShape<T, O> {
    return new UniformFanInShape(ins as unknown as InPort<T>[], outs[0] as OutPort<O>)
  }
}

/**
 * A fan-in whose first inlet, `preferred`, wins over the others (`MergePreferred`); `in(i)` are
 * the secondary inlets.
 *
 * @category core
 * @since 0.1.0
 */
export class MergePreferredShape<T> extends UniformFanInShape<T, T> {
  override readonly kind = 'mergePreferred' as const
  /** The inlet that is always served first. */
  get preferred(): InPort<T> {
    return this.inlets[0]!
  }
  /** The `i`-th secondary inlet (from 0). */
  override in(i: number): InPort<T> {
    return portAt(this.inlets.slice(1), i, 'in', 'secondary inlets')
  }
  override withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): MergePreferredShape<T> {
    return new MergePreferredShape(ins as unknown as InPort<T>[], outs[0] as OutPort<T>)
  }
}

/** One inlet and `n` outlets of the same type (broadcast, balance, partition). @category core @since 0.1.0 */
export class UniformFanOutShape<I, T> extends Shape {
  readonly kind = 'uniformFanOut' as const
  readonly in: InPort<I>
  constructor(
    inlet: InPort<I>,
    readonly outlets: readonly OutPort<T>[],
  ) {
    super()
    this.in = inlet
  }
  /** A template shape with `n` outlets `out0..`, for a one-stage blueprint. @internal */
  static template<I, T>(n: number): UniformFanOutShape<I, T> {
    return new UniformFanOutShape(
      new InPort<I>('in'),
      Array.from({ length: n }, (_, i) => new OutPort<T>(`out${i}`)),
    )
  }
  get inlets(): readonly AnyInPort[] {
    return [this.in as AnyInPort]
  }
  /** The `i`-th outlet (from 0). */
  out(i: number): OutPort<T> {
    return portAt(this.outlets, i, 'out', 'outlets')
  }
  withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): UniformFanOutShape<I, T> {
    return new UniformFanOutShape(ins[0] as unknown as InPort<I>, outs as OutPort<T>[])
  }
}

/** Two inlets of possibly different types and one outlet (zip, zipWith). @category core @since 0.1.0 */
export class FanInShape2<A, B, O> extends Shape {
  readonly kind = 'fanIn2' as const
  constructor(
    readonly in0: InPort<A>,
    readonly in1: InPort<B>,
    readonly out: OutPort<O>,
  ) {
    super()
  }
  /** @internal */
  static template<A, B, O>(): FanInShape2<A, B, O> {
    return new FanInShape2(new InPort<A>('in0'), new InPort<B>('in1'), new OutPort<O>('out'))
  }
  get inlets(): readonly AnyInPort[] {
    return [this.in0 as AnyInPort, this.in1 as AnyInPort]
  }
  get outlets(): readonly AnyOutPort[] {
    return [this.out]
  }
  withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): FanInShape2<A, B, O> {
    return new FanInShape2(ins[0] as unknown as InPort<A>, ins[1] as unknown as InPort<B>, outs[0] as OutPort<O>)
  }
}

/** One inlet and two outlets of possibly different types (unzip). @category core @since 0.1.0 */
export class FanOutShape2<I, A, B> extends Shape {
  readonly kind = 'fanOut2' as const
  readonly in: InPort<I>
  constructor(
    inlet: InPort<I>,
    readonly out0: OutPort<A>,
    readonly out1: OutPort<B>,
  ) {
    super()
    this.in = inlet
  }
  /** @internal */
  static template<I, A, B>(): FanOutShape2<I, A, B> {
    return new FanOutShape2(new InPort<I>('in'), new OutPort<A>('out0'), new OutPort<B>('out1'))
  }
  get inlets(): readonly AnyInPort[] {
    return [this.in as AnyInPort]
  }
  get outlets(): readonly AnyOutPort[] {
    return [this.out0, this.out1]
  }
  withPorts(ins: readonly AnyInPort[], outs: readonly AnyOutPort[]): FanOutShape2<I, A, B> {
    return new FanOutShape2(ins[0] as unknown as InPort<I>, outs[0] as OutPort<A>, outs[1] as OutPort<B>)
  }
}

/**
 * A blueprint together with the shape of its open ports: what `GraphDSL` adds with `b.add(...)`
 * (`Merge.create<number>(2)`, `Broadcast.create<number>(2)`, `Zip.create<A, B>()`).
 *
 * @category core
 * @since 0.1.0
 */
export interface ShapedGraph<S extends Shape, Mat> {
  readonly module: Module
  readonly shape: S
  /** @internal */ readonly _mat?: Mat
}

/** Pairs a module with its shape, checking that the port counts agree. @internal */
export function shaped<S extends Shape, Mat>(module: Module, shape: S): ShapedGraph<S, Mat> {
  if (module.ins.length !== shape.inlets.length || module.outs.length !== shape.outlets.length)
    throw new TypeError(
      `shape: the graph has ${module.ins.length} open inlet(s) and ${module.outs.length} outlet(s), the ${shape.kind} shape ${shape.inlets.length} and ${shape.outlets.length}`,
    )
  return { module, shape }
}
