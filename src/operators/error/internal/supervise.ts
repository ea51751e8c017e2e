/**
 * Supervision without a try/catch in any operator: the runtime already catches what a handler
 * throws and asks the stage's `onHandlerError(error)` before failing it. `supervise` rewrites a
 * blueprint so that every stage that supports supervision gets an `onHandlerError` that consults
 * the decider in its attributes.
 *
 * ```
 *  handler throws ─▶ Interpreter.handlerFailed ─▶ logic.onHandlerError(e)
 *                                                   │ decider(e)
 *                      'stop' ◀─────────────────────┤ (false: the runtime fails the stage)
 *                      'resume' ─▶ drop the element, replay the pending pull
 *                      'restart' ─▶ reset the state, replay the pending pull
 * ```
 *
 * @module
 */
import type { Attributes } from '../../../core/Attributes.js'
import { StageProtocolError } from '../../../core/errors.js'
import { Module, type StageDesc } from '../../../core/Module.js'
import { P_PULL } from '../../../core/ports.js'
import { LinearStage, type StageLogic } from '../../../core/StageLogic.js'
import type { Decider, Supervisable } from '../Supervision.js'

/**
 * Operators whose stages are linear, run a user function in `onPush`/`onPull`/`onUpstreamFinish`,
 * and whose state is fully reset by building the stage anew. Their stages are restarted by
 * copying the state fields of a fresh instance.
 */
const BUILT_IN = new Set([
  'map', 'filter', 'filterMap', 'mapConcat', 'scan', 'fold', 'reduce', 'statefulMap', 'takeWhile', 'dropWhile',
  // 0.2.0 (mapWithResource is not here: a restart would open a second resource without closing the first)
  'filterNot', 'collectType', 'collectFirst', 'collectWhile', 'takeUntil', 'dropRepeated', 'groupedWeighted', 'groupedAdjacentBy',
  'limitWeighted', 'doOnFirst', 'statefulMapConcat',
])

/** Returns `module` with `decider` in its attributes and supervision installed on every stage that supports it. @internal */
export function supervise(module: Module, decider: Decider): Module {
  const stages = module.stages.map(
    (desc): StageDesc => ({
      ...desc,
      create: (attributes: Attributes) => install(desc, attributes, desc.create(attributes)),
    }),
  )
  return new Module(stages, module.edges, module.ins, module.outs, module.mat, module.asyncOuts).withAttributes({ supervision: decider })
}

const installed = new WeakSet<StageLogic>()

function install(desc: StageDesc, attributes: Attributes, logic: StageLogic): StageLogic {
  const decider = attributes.supervision
  if (decider === undefined || installed.has(logic) || !(logic instanceof LinearStage)) return logic
  const custom = typeof (logic as Partial<Supervisable>).restartState === 'function'
  if (!custom && !BUILT_IN.has(desc.name)) return logic
  installed.add(logic)
  // Errors in preStart are never supervised: the stage has no state to resume from.
  let started = false
  const preStart = logic.preStart
  logic.preStart = function (this: StageLogic): void {
    preStart.call(this)
    started = true
  }
  logic.onHandlerError = (error: unknown): boolean => {
    if (!started || error instanceof StageProtocolError || logic.isStopped) return false
    let decision: ReturnType<Decider>
    try {
      decision = decider(error)
    } catch (e) {
      logic.failStage(e) // a throwing decider fails the stage with its own error
      return true
    }
    if (decision !== 'resume' && decision !== 'restart') return false
    if (decision === 'restart') {
      if (custom) (logic as unknown as Supervisable).restartState()
      else if (!resetFromFresh(desc, attributes, logic, preStart)) return true
    }
    replayDemand(logic)
    return true
  }
  return logic
}

let infrastructure: Set<string> | null = null

/** The fields every linear stage has (ports, runtime flags); everything else is operator state. */
function infrastructureKeys(): Set<string> {
  if (infrastructure === null) {
    class Bare extends LinearStage<unknown, unknown> {
      onPush(): void {}
    }
    infrastructure = new Set([...Object.keys(new Bare()), 'preStart', 'onHandlerError'])
  }
  return infrastructure
}

/** Copies the state of a freshly built stage over `logic` and runs its `preStart` again. */
function resetFromFresh(desc: StageDesc, attributes: Attributes, logic: LinearStage<unknown, unknown>, preStart: () => void): boolean {
  const fresh = desc.create(attributes) as LinearStage<unknown, unknown>
  const keep = infrastructureKeys()
  const target = logic as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(fresh)) if (!keep.has(key)) target[key] = value
  // A stage may have switched handlers or let pulls through (scan after its zero): undo that too.
  if (fresh.out.passTo === null) logic.out.setHandler(logic)
  else {
    logic.out.setHandler(logic)
    logic.out.passTo = logic.in as never
  }
  logic.in.setHandler(logic)
  try {
    preStart.call(logic)
  } catch (e) {
    logic.failStage(e)
    return false
  }
  return true
}

/**
 * After the failing handler was abandoned: drop an element it had not taken, then act on the
 * demand still pending, as if downstream had pulled again. A failure while upstream is already
 * closed (in a completion handler) completes the stage without the element that failed.
 */
function replayDemand(logic: LinearStage<unknown, unknown>): void {
  if (logic.isAvailable(logic.in)) logic.grab(logic.in)
  if (logic.isClosed(logic.out)) return
  if (logic.isClosed(logic.in)) return logic.completeStage()
  if (!logic.isAvailable(logic.out) || logic.hasBeenPulled(logic.in)) return
  const out = logic.out
  // A pull still queued for this stage will call onPull itself; replaying it now would pull twice.
  if ((out.conn.state & P_PULL) !== 0) return
  try {
    out.onPull.call(out.handler)
  } catch (e) {
    logic.failStage(e) // a second error while replaying is not supervised again
  }
}

/**
 * `module.withAttributes(attributes)`, and when `attributes` carries a `supervision` decider,
 * with supervision installed as {@link supervise} does: so `.withAttributes({ supervision })`
 * alone switches it on, as `withSupervision(decider)` does.
 *
 * @internal
 */
export function withAttributesSupervised(module: Module, attributes: Attributes): Module {
  const decider = attributes.supervision
  if (decider === undefined) return module.withAttributes(attributes)
  if (typeof decider !== 'function') throw new TypeError(`withAttributes(supervision): expected a function, got ${typeof decider}`)
  return supervise(module.withAttributes(attributes), decider)
}
