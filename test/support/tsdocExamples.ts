/**
 * Runs the code examples of the docs: the `@example` blocks of TSDoc comments and the ```ts blocks
 * of Markdown pages. Every export of sluice (and of the testkit) is in scope; `import ... from
 * 'sluice...'` lines are dropped. A line `expression // value` whose comment parses as a JavaScript
 * value (up to a `;`) becomes a check that the expression equals the value.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, expect, vi } from 'vitest'
import * as sluice from '../../src/index.js'
import * as testkit from '../../src/testkit/index.js'

export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

export interface Example {
  readonly where: string
  readonly code: string
}

/** The `.ts` files of `dirs` (not index files, not internal folders), as absolute paths. */
export function sourceFiles(...dirs: string[]): string[] {
  return dirs.flatMap((d) =>
    readdirSync(join(root, d))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => join(root, d, f)),
  )
}

/** The `@example` blocks of the TSDoc comments in `file`. */
export function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8')
  const out: Example[] = []
  for (const block of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const body = block[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
    for (const m of body.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) out.push({ where: relative(root, file), code: m[1]! })
  }
  return out
}

/** The ```ts blocks of a Markdown page. */
export function pageExamples(page: string): Example[] {
  return [...readFileSync(join(root, page), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({ where: page, code: m[1]! }))
}

const statement = /^(const|let|var|for|if|return|import|export|function|class|while|try|async)\b/

/** Turns `expr // value` lines into checks. */
export function instrument(code: string): string {
  return code
    .split('\n')
    .map((line, i) => {
      const m = /^(\s*)(.*?)\s*\/\/\s*(.+)$/.exec(line)
      if (m === null) return line
      const expr = m[2]!.replace(/^;/, '').trim()
      if (expr === '' || statement.test(expr) || expr.endsWith('{') || expr.endsWith('}')) return line
      const value = m[3]!.split(';')[0]!.trim()
      try {
        new Function(`return (${value})`)
      } catch {
        return line
      }
      return `${m[1]}__check(${expr}, (${value}), ${i + 1})`
    })
    .join('\n')
}

const dir = mkdtempSync(join(root, 'test/.examples-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const scope = { ...testkit, ...sluice }
const names = Object.keys(scope).filter((n) => /^[A-Za-z_]\w*$/.test(n))
let counter = 0

/** Options of {@link runExample}. */
export interface RunExampleOptions {
  /** More modules (paths from the repository root) whose exports are put in scope, e.g. `src/interop/rxjs/index.ts`. */
  readonly modules?: readonly string[]
}

/**
 * Runs one example with every export of sluice and the testkit (and of `modules`) in scope;
 * returns how many `// value` checks it made. Imports of `sluice/...` are dropped (their exports
 * are in scope); other imports (`node:stream`, `rxjs`) are kept.
 */
export async function runExample(ex: Example, options: RunExampleOptions = {}): Promise<number> {
  let checks = 0
  const file = join(dir, `example-${counter++}.ts`)
  const imports = [...ex.code.matchAll(/^import .*$/gm)].map((m) => m[0]).filter((line) => !/from 'sluice(\/[\w/]+)?'/.test(line))
  const code = ex.code.replace(/^import .*$/gm, '')
  const extra = await Promise.all(
    (options.modules ?? []).map(async (path, i) => {
      const href = pathToFileURL(join(root, path)).href
      const keys = Object.keys((await import(href)) as object).filter((n) => /^[A-Za-z_]\w*$/.test(n) && !names.includes(n))
      return [`import * as __extra${i} from '${href}'`, `const { ${keys.join(', ')} } = __extra${i}`]
    }),
  )
  writeFileSync(
    file,
    [
      ...imports,
      `import * as sluice from '${pathToFileURL(join(root, 'src/index.ts')).href}'`,
      `import * as testkit from '${pathToFileURL(join(root, 'src/testkit/index.ts')).href}'`,
      `const { ${names.join(', ')} } = { ...testkit, ...sluice }`,
      ...extra.flat(),
      `export default async function (__check: (actual: unknown, expected: unknown, line: number) => void): Promise<void> {`,
      instrument(code),
      `}`,
    ].join('\n'),
  )
  const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default: (check: (a: unknown, e: unknown, line: number) => void) => Promise<void> }
    await mod.default((actual, expected, line) => {
      checks++
      expect(actual, `${ex.where}, example line ${line}`).toEqual(expected)
    })
  } finally {
    spy.mockRestore()
  }
  return checks
}
