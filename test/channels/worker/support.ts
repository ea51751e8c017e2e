import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import ts from 'typescript'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Compiles a fixture and the sources it imports (following relative imports) to plain ES modules
 * in a temp dir, so that a worker starts in milliseconds instead of loading tsx (a second or more
 * per worker on a busy machine). For fixtures with a small import graph; returns the entry's URL
 * and a function that removes the dir.
 */
export function compileFixture(name: string): { url: URL; dispose(): void } {
  const out = mkdtempSync(join(tmpdir(), 'sluice-fixture-'))
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }')
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
    const target = join(out, relative(root, file).replace(/\.ts$/, '.js'))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, js)
    for (const m of js.matchAll(/from ['"](\.{1,2}\/[^'"]+)\.js['"]/g)) visit(resolve(dirname(file), `${m[1]!}.ts`))
  }
  const entry = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
  visit(entry)
  return {
    url: pathToFileURL(join(out, relative(root, entry).replace(/\.ts$/, '.js'))),
    dispose: () => rmSync(out, { recursive: true, force: true }),
  }
}

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

/**
 * Waits until messages already posted on a MessagePort in this thread have been delivered: they
 * arrive in the event loop's poll phase, which a timer can overtake on a busy machine, but which
 * always runs before the second check phase (setImmediate) from now.
 */
export async function portsSettled(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}
