/**
 * Turns a closed {@link Module} into running stages: one fused interpreter per island, async
 * boundaries between islands, and the materialized value.
 *
 * @module
 */
import { RunSite } from './errors.js'
import { defaultUnhandledError, Interpreter, type UnhandledErrorHook } from './Interpreter.js'
import type { MatExpr, Module } from './Module.js'
import { Connection } from './ports.js'
import { PublisherSink } from './PublisherSink.js'
import { defaultScheduler, type Scheduler } from './Scheduler.js'
import type { StageLogic } from './StageLogic.js'
import { SubscriberSource } from './SubscriberSource.js'

/**
 * Options for running a graph.
 *
 * @category core
 * @since 0.1.0
 */
export interface RunOptions {
  /** The clock and timers (default: real time). Pass a `VirtualScheduler` in tests. */
  readonly scheduler?: Scheduler
  /** Receives errors that have nowhere else to go (a throwing `postStop`); default: `console.error`. */
  readonly onUnhandledError?: UnhandledErrorHook
}

/** Default input buffer of an async boundary. */
export const DEFAULT_BOUNDARY_BUFFER = 16

/**
 * Runs `module`, which must have no open ports, and returns its materialized value.
 *
 * @internal
 */
export function materialize(module: Module, options: RunOptions = {}, into?: Interpreter): unknown {
  if (module.ins.length > 0 || module.outs.length > 0)
    throw new TypeError(
      `run(): the graph is not closed: ${module.ins.length} open inlet(s) and ${module.outs.length} open outlet(s); connect a Source and a Sink first`,
    )
  const scheduler = into?.scheduler ?? options.scheduler ?? defaultScheduler
  const onUnhandled = into?.onUnhandledError ?? options.onUnhandledError ?? defaultUnhandledError
  const n = module.stages.length
  // A substream reports the site of the run it joins.
  const site = into?.site ?? new RunSite()

  const logics: StageLogic[] = module.stages.map((desc) => {
    const logic = desc.create(desc.attributes)
    logic.name = desc.attributes.name ?? desc.name
    logic.attributes = desc.attributes
    return logic
  })

  // Islands: stages joined by synchronous wires share one interpreter.
  const parent = Array.from({ length: n }, (_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  for (const e of module.edges) if (!e.async) parent[find(e.from[0])] = find(e.to[0])

  const interpreters = new Map<number, Interpreter>()
  // A substream joins the interpreter of the stage that runs it: its last stage is the one that
  // feeds that stage.
  if (into !== undefined) interpreters.set(find(n - 1), into)
  const interpreterOf = (root: number): Interpreter => {
    let it = interpreters.get(root)
    if (it === undefined) {
      it = new Interpreter(scheduler, onUnhandled, () => {}, site)
      interpreters.set(root, it)
    }
    return it
  }
  const added = new Map<Interpreter, StageLogic[]>()
  const addTo = (it: Interpreter, logic: StageLogic): void => {
    it.add(logic)
    let list = added.get(it)
    if (list === undefined) added.set(it, (list = []))
    list.push(logic)
  }
  for (let i = 0; i < n; i++) addTo(interpreterOf(find(i)), logics[i]!)

  for (const e of module.edges) {
    const up = logics[e.from[0]]!
    const down = logics[e.to[0]]!
    const outlet = up.outlets[e.from[1]]
    const inlet = down.inlets[e.to[1]]
    if (outlet === undefined || inlet === undefined)
      throw new TypeError(`run(): stage '${outlet === undefined ? up.name : down.name}' has fewer ports than its blueprint declares`)
    if (!e.async) {
      connect(up.interpreter, up, outlet, down, inlet)
      continue
    }
    const bufferSize = e.bufferSize ?? down.attributes.inputBuffer ?? DEFAULT_BOUNDARY_BUFFER
    const publisherSink = new PublisherSink<unknown>()
    publisherSink.name = `${up.name}.async`
    addTo(up.interpreter, publisherSink)
    connect(up.interpreter, up, outlet, publisherSink, publisherSink.in)
    const subscriberSource = new SubscriberSource<unknown>(publisherSink.mat as never, bufferSize, `${down.name}.async`)
    subscriberSource.name = `${down.name}.async`
    addTo(down.interpreter, subscriberSource)
    connect(down.interpreter, subscriberSource, subscriberSource.out, down, inlet)
  }

  for (const logic of logics)
    for (const port of [...logic.inlets, ...logic.outlets])
      if (port.conn === null) throw new TypeError(`run(): port ${String(port)} is not connected`)

  const mat = evaluate(module.mat, logics)
  for (const [it, list] of added) {
    if (it === into) it.attach(list)
    else it.start()
  }
  return mat
}

function connect(
  interpreter: Interpreter,
  up: StageLogic,
  outlet: StageLogic['outlets'][number],
  down: StageLogic,
  inlet: StageLogic['inlets'][number],
): void {
  const conn = new Connection(interpreter, up, outlet, down, inlet)
  outlet.conn = conn
  inlet.conn = conn
}

function evaluate(expr: MatExpr, logics: readonly StageLogic[]): unknown {
  switch (expr.kind) {
    case 'stage':
      return logics[expr.stage]!.mat
    case 'value':
      return expr.value
    case 'combine':
      return expr.fn(evaluate(expr.left, logics), evaluate(expr.right, logics))
    case 'map':
      return expr.fn(evaluate(expr.inner, logics))
  }
}
