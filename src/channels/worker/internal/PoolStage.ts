import { LinearStage } from '../../../core/StageLogic.js'
import { WorkerCrashedError } from '../WorkerCrashedError.js'
import type { WorkerLike } from '../WorkerLike.js'
import { WorkerTaskError } from '../WorkerTaskError.js'
import { attachWorker } from './attachWorker.js'
import { decodeTaskReply } from './taskProtocol.js'

/** The settings of one pool run. @internal */
export interface PoolSettings {
  readonly name: string
  readonly create: (index: number) => WorkerLike
  readonly workers: number
  readonly perWorker: number
  readonly ordered: boolean
  readonly maxRestarts: number
  readonly onCrash: ((error: WorkerCrashedError) => void) | undefined
}

/** One element on its way through the pool. */
interface Task {
  readonly id: number
  readonly input: unknown
  worker: number
  done: boolean
  /** Lost with a crashed worker (restart mode): skipped when its turn comes. */
  lost: boolean
  output: unknown
}

interface Slot {
  worker: WorkerLike
  detach: () => void
  readonly running: Map<number, Task>
  dead: boolean
}

/**
 * Sends each element to the least busy worker and emits the results (in order, or as they
 * come). It holds at most `workers × perWorker` elements in all (running or waiting to be
 * emitted), and pulls only when that allows and a worker has room, so a slow pool slows the
 * source and nothing queues without bound.
 *
 * @internal
 */
export class PoolStage<In, Out> extends LinearStage<In, Out> {
  private readonly slots: Slot[] = []
  /** Tasks in the order their results are emitted (ordered) or any order (unordered). */
  private order: Task[] = []
  private head = 0
  /** Unordered: finished tasks waiting for downstream. */
  private readonly ready: Task[] = []
  private held = 0
  private nextId = 0
  private restarts = 0
  private readonly capacity: number
  private readonly onReply = this.getAsyncCallback<{ readonly slot: Slot; readonly data: unknown }>((r) => this.replied(r.slot, r.data))
  private readonly onCrash = this.getAsyncCallback<{ readonly slot: Slot; readonly error: unknown; readonly code: number | undefined }>((c) =>
    this.crashed(c.slot, c.error, c.code),
  )

  constructor(private readonly s: PoolSettings) {
    super()
    this.capacity = s.workers * s.perWorker
  }

  override preStart(): void {
    for (let i = 0; i < this.s.workers; i++) this.slots.push(this.start(i))
    this.pull(this.in)
  }

  private start(index: number): Slot {
    const worker = this.s.create(index)
    const slot: Slot = { worker, detach: () => {}, running: new Map(), dead: false }
    slot.detach = attachWorker(worker, {
      message: (data) => this.onReply({ slot, data }),
      crashed: (error, code) => this.onCrash({ slot, error, code }),
    })
    return slot
  }

  /** The live worker with the fewest running tasks, if one has room. */
  private freeSlot(): Slot | undefined {
    let best: Slot | undefined
    for (const slot of this.slots) if (!slot.dead && slot.running.size < this.s.perWorker && (best === undefined || slot.running.size < best.running.size)) best = slot
    return best
  }

  private pullIfRoom(): void {
    if (this.held < this.capacity && this.freeSlot() !== undefined && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  onPush(): void {
    const input = this.grab(this.in)
    const slot = this.freeSlot()! // pulled only when one had room, and crashes replace the worker at once
    const task: Task = { id: this.nextId++, input, worker: this.slots.indexOf(slot), done: false, lost: false, output: undefined }
    slot.running.set(task.id, task)
    this.held++
    if (this.s.ordered) this.order.push(task)
    slot.worker.postMessage({ t: 'task', id: task.id, input })
    this.pullIfRoom()
  }

  private replied(slot: Slot, data: unknown): void {
    if (slot.dead) return
    const reply = decodeTaskReply(data)
    if (typeof reply === 'string') return this.crashed(slot, new TypeError(`${this.s.name}: worker #${this.slots.indexOf(slot)} sent ${reply}`), undefined)
    const task = slot.running.get(reply.id)
    if (task === undefined)
      return this.crashed(slot, new TypeError(`${this.s.name}: worker #${this.slots.indexOf(slot)} answered task ${reply.id}, which it was not running`), undefined)
    slot.running.delete(reply.id)
    if (reply.t === 'error') return this.failStage(new WorkerTaskError(this.s.name, task.worker, task.input, reply.name, reply.message))
    task.done = true
    task.output = reply.output
    if (!this.s.ordered) this.ready.push(task)
    if (this.isAvailable(this.out)) this.onPull()
    else this.pullIfRoom()
  }

  override onPull(): void {
    for (;;) {
      const task = this.s.ordered ? this.order[this.head] : this.ready[0]
      if (task === undefined || !(task.done || task.lost)) break
      if (this.s.ordered) this.dequeueOrdered()
      else this.ready.shift()
      this.held--
      // a lost task, or a null/undefined result (as in mapAsync), emits nothing
      if (task.lost || task.output === null || task.output === undefined) continue
      this.push(this.out, task.output as Out)
      break
    }
    if (this.held === 0 && this.isClosed(this.in)) return this.completeStage()
    this.pullIfRoom()
  }

  private dequeueOrdered(): void {
    this.order[this.head++] = undefined as unknown as Task
    if (this.head === this.order.length) {
      this.order = []
      this.head = 0
    }
  }

  override onUpstreamFinish(): void {
    if (this.held === 0) this.completeStage()
  }

  private crashed(slot: Slot, error: unknown, exitCode: number | undefined): void {
    if (slot.dead) return
    slot.dead = true
    slot.detach()
    void Promise.resolve(slot.worker.terminate()).catch(() => {})
    const index = this.slots.indexOf(slot)
    const lost = [...slot.running.values()]
    slot.running.clear()
    const crash = new WorkerCrashedError(
      this.s.name,
      index,
      lost.map((t) => t.input),
      exitCode,
      error === undefined ? undefined : { cause: error },
    )
    if (this.restarts >= this.s.maxRestarts) return this.failStage(crash)
    this.restarts++
    for (const task of lost) {
      task.lost = true
      if (!this.s.ordered) this.ready.push(task)
    }
    this.s.onCrash?.(crash)
    this.slots[index] = this.start(index)
    if (this.isAvailable(this.out)) this.onPull()
    else this.pullIfRoom()
  }

  override postStop(): void {
    for (const slot of this.slots) {
      slot.detach()
      if (!slot.dead) {
        slot.dead = true
        void Promise.resolve(slot.worker.terminate()).catch(() => {})
      }
    }
    this.order = []
    this.ready.length = 0
  }
}
