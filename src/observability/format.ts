import type { ConnectionSnapshot, StreamSnapshot } from '../core/Run.js'

/** Options of {@link formatSnapshot}. @category observability @since 0.1.0 */
export interface FormatOptions {
  /** An earlier snapshot of the same run: adds an `el/s` column (elements per second since then). */
  readonly previous?: StreamSnapshot
  /** Shorten build sites to the part after this prefix (default: the current directory, when known). */
  readonly root?: string
}

/**
 * Renders a snapshot as a small table for a terminal: one line per stage with what it has
 * emitted, the demand it has from downstream, what it holds, how long since its last element
 * and where it was built.
 *
 * ```
 * stream 'chat' #3 running 2.1 s (run at examples/chat/main.ts:40:3)
 *   id  stage                   state     emitted  demand  buffer  flight  idle   built at
 *    0  queue                   running       120       1    0/64       .  0.0 s  main.ts:30:10
 * ```
 *
 * @example
 * ```ts
 * const [queue, done] = Source.queue<number>(16).map((x) => x * 2).toMat(Sink.ignore(), Keep.both).run({ name: 'doubler' })
 * console.log(formatSnapshot(runningStreams('doubler')[0]!.snapshot()))
 * ```
 * @category observability
 * @since 0.1.0
 */
export function formatSnapshot(snapshot: StreamSnapshot, options: FormatOptions = {}): string {
  const root = options.root ?? defaultRoot()
  const prev = options.previous?.id === snapshot.id ? options.previous : undefined
  const outOf = groupBy(snapshot.connections, (c) => c.from.stage)
  const intoOf = groupBy(snapshot.connections, (c) => c.to.stage)
  const prevEmitted = new Map<number, number>()
  if (prev !== undefined) {
    const prevOut = groupBy(prev.connections, (c) => c.from.stage)
    const prevIn = groupBy(prev.connections, (c) => c.to.stage)
    for (const s of prev.stages) prevEmitted.set(s.id, emitted(prevOut.get(s.id), prevIn.get(s.id)))
  }
  const seconds = prev === undefined ? 0 : (snapshot.takenAt - prev.takenAt) / 1000
  const head = ['id', 'stage', 'state', 'emitted', ...(prev === undefined ? [] : ['el/s']), 'demand', 'buffer', 'flight', 'idle', 'built at']
  const rows: string[][] = [head]
  for (const s of snapshot.stages) {
    const outs = outOf.get(s.id)
    const ins = intoOf.get(s.id)
    const n = emitted(outs, ins)
    const before = prevEmitted.get(s.id)
    const rate = before === undefined || seconds <= 0 ? '.' : String(Math.round((n - before) / seconds))
    const demand = sum(outs, (c) => c.demand)
    const idle = outs !== undefined && outs.length > 0 ? minIdle(outs) : minIdle(ins ?? [])
    rows.push([
      String(s.id),
      s.name,
      s.state,
      String(n),
      ...(prev === undefined ? [] : [rate]),
      outs === undefined ? '.' : String(demand),
      s.buffered === undefined ? '.' : s.capacity === undefined ? String(s.buffered) : `${s.buffered}/${s.capacity}`,
      s.inFlight === undefined ? '.' : String(s.inFlight),
      idle === null ? '.' : `${(idle / 1000).toFixed(1)} s`,
      shorten(s.builtAt, root) + (s.detail === undefined ? '' : `  (${s.detail})`),
    ])
  }
  const ms = snapshot.takenAt - snapshot.startedAt
  const title = `stream '${snapshot.name}' #${snapshot.id} ${snapshot.state} ${(ms / 1000).toFixed(1)} s${snapshot.runSite === undefined ? '' : ` (run at ${shorten(snapshot.runSite, root)})`}`
  const boundaries = snapshot.connections.filter((c) => c.async)
  const lines = [title, ...table(rows).map((l) => `  ${l}`)]
  for (const b of boundaries)
    lines.push(`  async boundary ${b.from.port} -> ${b.to.port}: ${b.elements} crossed, ${b.demand} requested, ${b.buffered} buffered`)
  return lines.join('\n')
}

/** What a stage emitted: the elements on its outlets, or for a sink what it received. */
function emitted(outs: readonly ConnectionSnapshot[] | undefined, ins: readonly ConnectionSnapshot[] | undefined): number {
  if (outs !== undefined && outs.length > 0) return sum(outs, (c) => c.elements)
  return sum(ins, (c) => c.elements)
}

function minIdle(conns: readonly ConnectionSnapshot[]): number | null {
  let best: number | null = null
  for (const c of conns) if (c.msSinceElement !== null && (best === null || c.msSinceElement < best)) best = c.msSinceElement
  return best
}

function sum<T>(xs: readonly T[] | undefined, f: (x: T) => number): number {
  let n = 0
  for (const x of xs ?? []) n += f(x)
  return n
}

function groupBy<T>(xs: readonly T[], key: (x: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>()
  for (const x of xs) {
    const k = key(x)
    const list = m.get(k)
    if (list === undefined) m.set(k, [x])
    else list.push(x)
  }
  return m
}

function table(rows: readonly string[][]): string[] {
  const widths: number[] = []
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  // numbers right-aligned, text left-aligned; the last column is not padded
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : /^[\d./ s]+$/.test(cell) && i !== 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  )
}

/** The current directory as a `file:` prefix and as a path, when the host has one. */
function defaultRoot(): string | undefined {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process
  try {
    return proc?.cwd?.()
  } catch {
    return undefined
  }
}

/** A build site relative to `root` (both `file:///root/...` and `/root/...` forms). */
export function shorten(site: string | undefined, root: string | undefined): string {
  if (site === undefined) return '.'
  if (root === undefined || root === '') return site
  const dir = root.endsWith('/') ? root : `${root}/`
  if (site.startsWith(`file://${dir}`)) return site.slice(`file://${dir}`.length)
  if (site.startsWith(dir)) return site.slice(dir.length)
  return site
}
