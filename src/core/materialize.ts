/**
 * Turns a closed {@link Module} into running stages: one fused interpreter per island, async
 * boundaries between islands, and the materialized value.
 *
 * @module
 */
import { RunSite } from './errors.js'
import { defaultUnhandledError, Interpreter, type UnhandledErrorHook } from './Interpreter.js'
import type { MatExpr, Module, StageDesc } from './Module.js'
import { FusedStage } from './FusedStage.js'
import { Connection } from './ports.js'
import { PublisherSink } from './PublisherSink.js'
import { Run, type RunningStream } from './Run.js'
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
  /** The stream's name in `runningStreams()`, snapshots, stall reports and metrics (default `stream-<id>`). */
  readonly name?: string
  /** Called once, inside `run()`, with the handle on this run (for `snapshot()`, or to watch it for stalls). */
  readonly onStart?: (stream: RunningStream) => void
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
  const run = into?.run ?? new Run(options.name, site)

  // A merge fed only by synchronous fusible sources takes them in as its own source (ADR 0010).
  const { stages, absorbed } = fuseFanIns(module)
  // Chains of fusible stages (map/filter/scan/take/... without attributes, and the synchronous
  // source in front of them) run as one stage.
  const next = fusibleSuccessors(module, stages)
  const hasPredecessor = new Array<boolean>(n).fill(false)
  for (const j of next) if (j !== -1) hasPredecessor[j] = true
  const fusedAway = new Set<number>(absorbed.keys())
  const notUsed = new Set<number>()
  const logics: StageLogic[] = new Array<StageLogic>(n)
  for (let i = 0; i < n; i++) {
    if (fusedAway.has(i) || logics[i] !== undefined) continue
    const desc = stages[i]!
    // (a fan-in that took its sources in is a fused source even with nothing fusible after it)
    if ((next[i] !== -1 && !hasPredecessor[i]) || (desc.fuseFanIn !== undefined && desc.fuseSource !== undefined)) {
      const chain = [i]
      for (let j = next[i]!; j !== -1; j = next[j]!) chain.push(j)
      const descs = chain.map((k) => stages[k]!)
      const source = desc.fuseSource ?? null
      const last = descs[descs.length - 1]!
      const sink = last.fuseSink ?? null
      const ops = descs.slice(source === null ? 0 : 1, sink === null ? descs.length : descs.length - 1)
      const fused = new FusedStage(
        ops.map((d) => d.fuse!),
        ops.map(nameOf),
        source,
        nameOf(desc),
        sink,
        nameOf(last),
        ops.map((d) => d.site),
        desc.site,
        last.site,
      )
      // `.named('x')` on a composite names each of its stages: 'x+x' reads better as 'x'. An
      // identity (what `Flow.create()` starts with) does nothing worth a name in a fused chain.
      const shown = descs.filter((d) => d.fuse?.kind !== 'identity')
      fused.name = (shown.length > 0 ? shown : descs)
        .map(nameOf)
        .filter((name, k, all) => k === 0 || name !== all[k - 1])
        .join('+')
      fused.site = desc.site
      for (const k of chain) logics[k] = fused
      for (const k of chain.slice(1)) fusedAway.add(k)
      // The fused stage carries the sink's materialized value; the others' are NotUsed.
      for (const k of chain) if (k !== chain[chain.length - 1] || sink === null) notUsed.add(k)
      // A fused merge's input sources run inside it too.
      for (const [k, into] of absorbed)
        if (into === i) {
          logics[k] = fused
          notUsed.add(k)
        }
      continue
    }
    const logic = desc.create(desc.attributes)
    logic.name = desc.attributes.name ?? desc.name
    logic.attributes = desc.attributes
    logic.site = desc.site
    logics[i] = logic
  }

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
      it = new Interpreter(scheduler, onUnhandled, () => {}, site, run)
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
  for (let i = 0; i < n; i++) if (!fusedAway.has(i)) addTo(interpreterOf(find(i)), logics[i]!)

  for (const e of module.edges) {
    if (fusedAway.has(e.to[0]) && next[e.from[0]] === e.to[0]) continue // inside a fused chain
    if (absorbed.get(e.from[0]) === e.to[0]) continue // a source into the merge that took it in
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
    publisherSink.site = up.site
    addTo(up.interpreter, publisherSink)
    connect(up.interpreter, up, outlet, publisherSink, publisherSink.in)
    const subscriberSource = new SubscriberSource<unknown>(publisherSink.mat as never, bufferSize, `${down.name}.async`)
    subscriberSource.name = `${down.name}.async`
    subscriberSource.site = down.site
    addTo(down.interpreter, subscriberSource)
    run.boundaries.push({ up: publisherSink, down: subscriberSource })
    connect(down.interpreter, subscriberSource, subscriberSource.out, down, inlet)
  }

  for (const logic of new Set(logics))
    for (const port of [...logic.inlets, ...logic.outlets])
      if (port.conn === null) throw new TypeError(`run(): port ${String(port)} is not connected`)

  const mat = evaluate(module.mat, logics, notUsed)
  if (into === undefined && options.onStart !== undefined) options.onStart(run)
  for (const [it, list] of added) {
    if (it === into) it.attach(list)
    else it.start()
  }
  return mat
}

/**
 * For each stage, the stage it can be fused with downstream (-1 if none): a fusible operator or
 * source followed by a fusible operator or sink, neither with attributes, joined by a synchronous wire
 * from the only outlet to the only inlet.
 */
function fusibleSuccessors(module: Module, stages: readonly StageDesc[]): number[] {
  const next = new Array<number>(stages.length).fill(-1)
  for (const e of module.edges) {
    if (e.async) continue
    const a = stages[e.from[0]]!
    const b = stages[e.to[0]]!
    if (
      (a.fuse !== undefined || a.fuseSource !== undefined) &&
      (b.fuse !== undefined || b.fuseSink !== undefined) &&
      isPlain(a.attributes) &&
      isPlain(b.attributes)
    )
      next[e.from[0]] = e.to[0]
  }
  return next
}

/**
 * The stages with their fusion descriptions, where every fusible fan-in (`merge`, `concat`) whose
 * inlets are all fed, by synchronous wires, by fusible sources (none with attributes, each a source
 * of its own rather than the start of a fused chain) gets a `merge`/`concat` source made of them;
 * `absorbed` maps each such source to the fan-in that takes it in.
 */
function fuseFanIns(module: Module): { stages: readonly StageDesc[]; absorbed: Map<number, number> } {
  const absorbed = new Map<number, number>()
  let stages: StageDesc[] | null = null
  module.stages.forEach((desc, m) => {
    if (desc.fuseFanIn === undefined || !isPlain(desc.attributes)) return
    const feeding = new Array<number>(desc.inlets).fill(-1)
    for (const e of module.edges) {
      if (e.to[0] !== m) continue
      const src = module.stages[e.from[0]]!
      if (e.async || src.fuseSource === undefined || src.fuseFanIn !== undefined || !isPlain(src.attributes) || src.outlets !== 1) return
      feeding[e.to[1]] = e.from[0]
    }
    if (feeding.includes(-1)) return
    const inputs = feeding.map((k) => module.stages[k]!)
    stages ??= module.stages.slice()
    const fuseSource = { kind: desc.fuseFanIn.kind, inputs: inputs.map((d) => d.fuseSource!), names: inputs.map(nameOf), sites: inputs.map((d) => d.site) }
    stages[m] = { ...desc, fuseSource }
    for (const k of feeding) absorbed.set(k, m)
  })
  return { stages: stages ?? module.stages, absorbed }
}

/**
 * No attributes but a name: a named operator still fuses (the fused stage reports it by that
 * name). `fuse: false` or any other attribute keeps a stage apart.
 */
function isPlain(attributes: object): boolean {
  for (const key in attributes) if (key !== 'name') return false
  return true
}

function nameOf(desc: StageDesc): string {
  return desc.attributes.name ?? desc.name
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

function evaluate(expr: MatExpr, logics: readonly StageLogic[], notUsed: ReadonlySet<number>): unknown {
  switch (expr.kind) {
    case 'stage':
      return notUsed.has(expr.stage) ? undefined : logics[expr.stage]!.mat
    case 'value':
      return expr.value
    case 'combine':
      return expr.fn(evaluate(expr.left, logics, notUsed), evaluate(expr.right, logics, notUsed))
    case 'map':
      return expr.fn(evaluate(expr.inner, logics, notUsed))
  }
}
