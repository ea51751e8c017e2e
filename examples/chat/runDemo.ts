/**
 * The chat demo: several writers post messages to a few rooms through `ChatService` (commands in,
 * `MessagePosted` events out), while a live subscription follows every event and checks it sees
 * each one once, in offset order, with no gap in any room. A progress line shows events written,
 * events read, and the lag between them; a live view of the streams (`formatSnapshot`) shows
 * the projection's, the live subscription's and a writer's stages with their elements per second.
 *
 * With `stall`, one command of the first writer never gets an answer from the service: the stall
 * detector names the stage that holds that writer up and where it was built; then the command is
 * answered and the demo goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ulid } from 'ulid'
import { detectStalls, Flow, Keep, runningStreams, Sink, Source } from '../../src/index.js'
import { InMemoryEventStore, type EventStore } from '../../src/eventstore/index.js'
import { async } from '../../src/operators/index.js'
import { InMemoryOffsetStore, type ProjectionControl } from '../../src/projection/index.js'
import { liveView } from '../live/liveView.js'
import { streamTables } from '../live/streamTables.js'
import { ChatService } from './ChatService.js'
import type { MessagePosted, MessagePostedPayload, PostMessage, PostMessageResponse } from './messages.js'
import { toMessagePosted, type RoomState } from './Room.js'
import { RoomSummaries } from './RoomSummaries.js'

export type StoreKind = 'memory' | 'sqlite' | 'postgres'

export interface DemoOptions {
  readonly store: StoreKind
  /** Concurrent writers (default 4). */
  readonly writers?: number
  /** Rooms the writers share (default 3): fewer rooms, more conflicts. */
  readonly rooms?: number
  /** How long the writers write (default 3 s). */
  readonly seconds?: number
  /** Connection string for `postgres`. */
  readonly pgUrl?: string
  /** Where progress goes (default: stdout). */
  readonly out?: (text: string) => void
  /** Redraw the progress line and the streams in place (default: whether stdout is a terminal). */
  readonly tty?: boolean
  /** Stall one writer's command for a while, with the stall detector on (default false). */
  readonly stall?: boolean
}

export interface DemoSummary {
  readonly written: number
  readonly refused: number
  readonly read: number
  readonly conflicts: number
  readonly problems: string[]
}

interface OpenStore {
  readonly store: EventStore<MessagePostedPayload, RoomState>
  readonly label: string
  close(): Promise<void>
}

async function openStore(kind: StoreKind, pgUrl: string | undefined): Promise<OpenStore> {
  if (kind === 'memory') {
    const store = new InMemoryEventStore<MessagePostedPayload, RoomState>()
    return { store, label: 'in-memory store', close: () => store.close() }
  }
  if (kind === 'sqlite') {
    const { SqliteEventStore } = await import('../../src/eventstore/sqlite/index.js')
    const dir = mkdtempSync(join(tmpdir(), 'sluice-chat-'))
    const store = SqliteEventStore.open<MessagePostedPayload, RoomState>(join(dir, 'chat.db'), { synchronous: 'normal' })
    return {
      store,
      label: `SQLite ${join(dir, 'chat.db')}`,
      close: async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  if (pgUrl === undefined) throw new Error('--store postgres needs PG_URL (for example: source .ci/postgres.sh start)')
  const { PostgresEventStore } = await import('../../src/eventstore/postgres/index.js')
  const schema = `chat_demo_${Date.now()}`
  const store = await PostgresEventStore.connect<MessagePostedPayload, RoomState>(pgUrl, { schema })
  return {
    store,
    label: `PostgreSQL schema ${schema}`,
    close: async () => {
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => {})
      await store.close()
    },
  }
}

const yieldToHost = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const writers = options.writers ?? 4
  const rooms = Array.from({ length: options.rooms ?? 3 }, (_, i) => `room-${i + 1}`)
  const seconds = options.seconds ?? 3
  const out = options.out ?? ((text: string) => process.stdout.write(text))
  const tty = options.tty ?? process.stdout.isTTY === true
  const stall = options.stall ?? false
  const { store, label, close } = await openStore(options.store, options.pgUrl)
  const service = new ChatService(store, { snapshotEvery: 50 })
  const problems: string[] = []
  let written = 0
  let refused = 0
  let read = 0
  let lastOffset = 0
  const seenIds = new Set<string>()
  const roomAt = new Map<string, number>()

  // The read side: a live subscription from the start of the store.
  const [control, following] = store
    .allEvents()
    .map(toMessagePosted)
    .toMat(
      Sink.forEach((m: MessagePosted) => {
        read++
        const offset = control.offset()!
        if (offset <= lastOffset) problems.push(`offset ${offset} after ${lastOffset}`)
        lastOffset = offset
        if (seenIds.has(m.id)) problems.push(`message ${m.id} read twice`)
        seenIds.add(m.id)
        const at = roomAt.get(m.aggregateId) ?? 0
        if (m.sequenceNumber !== at + 1) problems.push(`${m.aggregateId}: sequence number ${m.sequenceNumber} after ${at}`)
        roomAt.set(m.aggregateId, m.sequenceNumber)
      }),
      Keep.both,
    )
    .run({ name: 'read-side' })

  // The read model, by a projection that is stopped and restarted halfway.
  const summaries = new RoomSummaries()
  const offsets = new InMemoryOffsetStore()
  let restarts = 0
  let projection: ProjectionControl = RoomSummaries.projection(store, offsets, summaries).run()

  const started = Date.now()
  const deadline = started + seconds * 1000
  const line = (): string => {
    const p = projection.status()
    const lag = p.lag.ms === undefined ? '-' : `${p.lag.ms}ms`
    return (
      `[${label}] ${((Date.now() - started) / 1000).toFixed(1)}s  written ${written}  read ${read}  lag ${written - read}` +
      `  refused ${refused}  conflicts retried ${service.conflicts}  |  projection ${p.state} offset ${p.offset ?? '-'} lag ${lag} restarts ${restarts}`
    )
  }
  // The progress line and the streams: the projection's (its runs are named after its id), the
  // live subscription's and the first writer's (the others look the same).
  const tables = streamTables(() => [runningStreams('room-summaries')[0], runningStreams('read-side')[0], runningStreams('writer-0')[0]])
  const view = liveView(() => `${line()}\n${tables()}`, { out, tty })
  const halfway = setTimeout(() => {
    void projection.stop().then(() => {
      view.log(`halfway: projection stopped at offset ${projection.status().offset ?? '-'}; starting it again from there`)
      restarts++
      projection = RoomSummaries.projection(store, offsets, summaries).run()
    })
  }, (seconds * 1000) / 2)

  // With `stall`: the first writer's command after half a second waits for an answer that comes
  // only once the detector has reported the stall.
  let unstall: (() => void) | undefined
  const stallAt = stall ? started + 500 : Infinity
  const detector = stall
    ? detectStalls({
        thresholdMs: 1_000,
        onStall: (report) => {
          view.log(`${report.message}\n(--stall: answering the command held by '${report.culprit.name}' in '${report.stream.name}' now)`)
          unstall?.()
        },
        onResume: (resolved) => view.log(resolved.message),
      })
    : undefined
  const handleCommand = (w: number) =>
    Flow.fromGraph(
      async.mapAsync(1, async (command: PostMessage) => {
        if (w === 0 && unstall === undefined && Date.now() >= stallAt) await new Promise<void>((resolve) => (unstall = resolve))
        const response = await service.handle(command)
        // Let timers and I/O in between (the in-memory store never waits for anything).
        if (Math.random() < 0.1) await yieldToHost()
        return response
      }),
    ).named('handle-command')

  // The write side: each writer is a stream of commands, handled one at a time.
  const writing = Array.from({ length: writers }, (_, w) =>
    Source.iterate(0, (i) => i + 1)
      .takeWhile(() => Date.now() < deadline)
      .map((i): PostMessage => ({
        type: 'PostMessage',
        id: ulid(),
        aggregateId: rooms[(w + i * 7) % rooms.length]!,
        // Now and then an empty message, which the room refuses.
        content: i % 97 === 96 ? ' ' : `message ${i} from writer ${w}`,
        senderId: `user-${w}`,
        replyTo: (response: PostMessageResponse) => {
          if (response.type === 'PostMessageSucceeded') written++
          else refused++
        },
      }))
      .via(handleCommand(w))
      .runWith(Sink.ignore(), { name: `writer-${w}` }),
  )
  try {
    await Promise.all(writing)
    const drainUntil = Date.now() + 5000
    while (read < written && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 10))
    await new Promise((r) => setTimeout(r, 50)) // let a restart that is under way start
    await projection.whenCaughtUp()
  } finally {
    view.stop()
    detector?.stop()
    clearTimeout(halfway)
    control.shutdown()
  }
  await following
  out(`${line()}\n`)
  await projection.stop()
  if (read !== written) problems.push(`${written} written but ${read} read`)
  const all = await store.allEvents().take(read).runCollect()
  const expected = RoomSummaries.fold(all)
  if (JSON.stringify([...summaries.rooms].sort()) !== JSON.stringify([...expected.rooms].sort()))
    problems.push('the projected read model differs from the fold of all events')
  else {
    out(`read model (by the projection, stopped and restarted ${restarts}x): equals the fold of all ${all.length} events\n`)
    for (const [room, s] of [...summaries.rooms].sort()) out(`  ${room}: ${s.messages} messages, last: ${s.last.join(' | ')}\n`)
  }
  if (problems.length === 0) out(`ok: every message posted was read once, in offset order, with no gap in any room\n`)
  else out(`PROBLEMS:\n  ${problems.slice(0, 10).join('\n  ')}\n`)
  await close()
  return { written, refused, read, conflicts: service.conflicts, problems }
}
