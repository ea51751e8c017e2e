import { formatSnapshot, type RunningStream, type StreamSnapshot } from '../../src/index.js'

/**
 * Renders the streams `pick()` returns with `formatSnapshot`, each with its `el/s` column
 * (elements per second since the previous rendering of the same run).
 */
export function streamTables(pick: () => readonly (RunningStream | undefined)[]): () => string {
  const previous = new Map<number, StreamSnapshot>()
  return () => {
    const tables: string[] = []
    for (const stream of pick()) {
      if (stream === undefined) continue
      const snapshot = stream.snapshot()
      // The first time, the snapshot is its own `previous`: the el/s column is there (as '.') from the start.
      tables.push(formatSnapshot(snapshot, { previous: previous.get(stream.id) ?? snapshot }))
      previous.set(stream.id, snapshot)
    }
    return tables.join('\n')
  }
}
