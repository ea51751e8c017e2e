import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/** A class whose instances {@link collectType} keeps (tested with `instanceof`). */
export type ClassOf<S> = abstract new (...args: never[]) => S

/** A type guard that {@link collectType} calls on each element. */
export type TypeGuard<T, S extends T> = (x: T) => x is S

/**
 * Passes on the elements of one type and drops the others (Pekko's `collectType`): the
 * instances of a class (`instanceof`), or the elements a type guard accepts. A `class`
 * declaration or a built-in constructor (`Error`, `Date`, `Map`, ...) is taken as a class; any
 * other function is called as a type guard.
 *
 * ```
 * in:  -a--1--b--2--|
 * out: ----1-----2--|    collectType((x): x is number => typeof x === 'number')
 * ```
 * - **Emits when** an element is of the type
 * - **Backpressures when** an element is of the type and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or the type guard throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * class Posted { constructor(readonly text: string) {} }
 * class Deleted {}
 * const events = Source.from<Posted | Deleted>([new Posted('hi'), new Deleted(), new Posted('yo')])
 * await events.collectType(Posted).map((e) => e.text).runCollect() // ['hi', 'yo']
 * ```
 * @see {@link filter}
 * @category simple
 * @since 0.2.0
 */
export function collectType<T, S extends T>(type: ClassOf<S> | TypeGuard<T, S>): FlowGraph<T, S, NotUsed> {
  requireFunction('collectType', 'type', type)
  const test = isClass(type) ? (x: T): boolean => x instanceof type : (type as (x: T) => boolean)
  return flowOf('collectType', () => new CollectType<T, S>(test))
}

/** A `class` declaration, or a constructor of the platform; a plain function is a type guard. */
function isClass(f: unknown): f is ClassOf<unknown> {
  const source = Function.prototype.toString.call(f)
  return /^class\b/.test(source) || (typeof (f as { prototype?: unknown }).prototype === 'object' && /\[native code\]/.test(source))
}

class CollectType<T, S extends T> extends LinearStage<T, S> {
  constructor(private readonly test: (x: T) => boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.test(elem)) this.push(this.out, elem as S)
    else this.pull(this.in)
  }
}
