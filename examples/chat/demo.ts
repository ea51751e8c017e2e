/**
 * `npx tsx examples/chat/demo.ts [--store memory|sqlite|postgres] [--writers 4] [--rooms 3] [--seconds 3] [--stall]`
 *
 * The chat from the founding talk on the event store: writers post messages, a live subscription
 * follows them. `--store postgres` reads the connection string from PG_URL. `--stall` holds one
 * writer's command until the stall detector has reported it.
 */
import { runDemo, type StoreKind } from './runDemo.js'

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i >= 0) return process.argv[i + 1]
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`))
  return inline?.slice(name.length + 3)
}

function count(name: string, fallback: number): number {
  const raw = flag(name)
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name}: expected a positive number, got ${raw}`)
  return n
}

const store = (flag('store') ?? 'memory') as StoreKind
if (!['memory', 'sqlite', 'postgres'].includes(store)) {
  console.error(`--store: expected memory, sqlite or postgres, got ${store}`)
  process.exit(2)
}
try {
  const summary = await runDemo({
    store,
    writers: count('writers', 4),
    rooms: count('rooms', 3),
    seconds: count('seconds', 3),
    stall: process.argv.includes('--stall'),
    ...(process.env.PG_URL !== undefined ? { pgUrl: process.env.PG_URL } : {}),
  })
  process.exit(summary.problems.length === 0 ? 0 : 1)
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
