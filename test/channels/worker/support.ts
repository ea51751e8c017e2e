import { Worker } from 'node:worker_threads'

/** Starts a fixture worker that runs TypeScript through tsx. */
export function startWorker(name: string, data: Record<string, unknown> = {}): Worker {
  return new Worker(new URL('./fixtures/boot.mjs', import.meta.url), {
    workerData: { ...data, entry: new URL(`./fixtures/${name}`, import.meta.url).href },
  })
}

/** A request/reply channel to the refs fixture worker. */
export class RefsWorker {
  readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<number, (value: unknown) => void>()
  readonly progress = new Map<number, number[]>()
  exited: Promise<number>

  constructor() {
    this.worker = startWorker('refs.worker.ts')
    this.worker.on('message', (m: { id?: number; value?: unknown; progress?: number; consumed?: number }) => {
      if (m.progress !== undefined) {
        const list = this.progress.get(m.progress) ?? []
        list.push(m.consumed!)
        this.progress.set(m.progress, list)
        this.onProgress?.(m.progress, m.consumed!)
        return
      }
      const resolve = this.pending.get(m.id!)
      this.pending.delete(m.id!)
      resolve?.(m.value)
    })
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve))
  }

  onProgress: ((id: number, consumed: number) => void) | undefined

  /** Sends a command; resolves with the reply. `transfer` lists ports to move. */
  call<R>(command: Record<string, unknown>, transfer: readonly unknown[] = []): { id: number; reply: Promise<R> } {
    const id = this.nextId++
    const reply = new Promise<R>((resolve) => this.pending.set(id, resolve as (value: unknown) => void))
    this.worker.postMessage({ ...command, id }, transfer as never[])
    return { id, reply }
  }

  async terminate(): Promise<void> {
    await this.worker.terminate()
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
