/**
 * The examples of the substream, error, restart and lifecycle operators, run as written:
 * - every ```ts block of docs/operators/{substreams,errors,lifecycle}.md (imports of 'sluice'
 *   pointed at the sources); each `console.log(...) // printed` must print what its comment says
 *   (spaces ignored);
 * - every @example of the TSDoc in src/operators/{substream,error,restart,lifecycle} and the DSL
 *   files of this family; a line `expression // value` whose comment is a JavaScript value (up
 *   to a `;`) must evaluate to that value.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format, isDeepStrictEqual } from 'node:util'
import { afterAll, describe, expect, it, vi } from 'vitest'
import * as sluice from '../../src/index.js'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const index = pathToFileURL(join(root, 'src/index.ts')).href
const dir = mkdtempSync(join(tmpdir(), 'sluice-issue5-examples-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function runModule(name: string, code: string): Promise<string[]> {
  const file = join(dir, `${name}.ts`)
  writeFileSync(file, code)
  const printed: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)))
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: () => Promise<void> }
    if (mod.default !== undefined) await mod.default()
  } finally {
    spy.mockRestore()
  }
  return printed
}

const pages = ['substreams', 'errors', 'lifecycle']
describe('docs/operators pages of issue 5', () => {
  for (const page of pages) {
    const text = readFileSync(join(root, `docs/operators/${page}.md`), 'utf8')
    const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    it(`${page}.md has examples`, () => expect(blocks.length).toBeGreaterThan(2))
    blocks.forEach((code, i) => {
      it(`${page}.md example ${i + 1} prints what its comments say`, async () => {
        const expected = [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((m) => m[1]!)
        const printed = await runModule(`${page}-${i}`, code.replace(/from 'sluice'/g, `from '${index}'`))
        expect(printed.map((p) => p.replace(/\s+/g, ''))).toEqual(expected.map((e) => e.replace(/\s+/g, '')))
      })
    })
  }
})

const dirs = ['src/operators/substream', 'src/operators/error', 'src/operators/restart', 'src/operators/lifecycle']
const extra = ['src/dsl/SubFlow.ts']
const files = [...dirs.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.ts')).map((f) => join(root, d, f))), ...extra.map((f) => join(root, f))]

function examplesOf(file: string): { where: string; code: string }[] {
  const out: { where: string; code: string }[] = []
  for (const block of readFileSync(file, 'utf8').matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const body = block[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
    for (const m of body.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) out.push({ where: relative(root, file), code: m[1]! })
  }
  return out
}

const statement = /^(const|let|var|for|if|return|import|export|function|class|while|try|await\s+\w+\s*=)\b/

/** Turns `expr // value` lines into checks against `value`. */
function instrument(code: string): string {
  return code
    .split('\n')
    .map((line, i) => {
      const m = /^(\s*)(.*?)\s*\/\/\s*(.+)$/.exec(line)
      if (m === null) return line
      const expr = m[2]!.trim()
      if (expr === '' || statement.test(expr) || expr.endsWith(',') || expr.endsWith('(')) return line
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

const names = Object.keys(sluice).filter((n) => /^[A-Za-z_]\w*$/.test(n))
const examples = files.flatMap(examplesOf)

describe('TSDoc examples of issue 5 operators', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(25))
  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      const failures: string[] = []
      ;(globalThis as { __issue5Check?: unknown }).__issue5Check = (actual: unknown, expected: unknown, line: number) => {
        if (!isDeepStrictEqual(actual, expected)) failures.push(`line ${line}: got ${format(actual)}, expected ${format(expected)}`)
      }
      const code = [
        `import * as sluice from '${index}'`,
        `const { ${names.join(', ')} } = sluice`,
        `const __check = (globalThis as any).__issue5Check`,
        `export default async function (): Promise<void> {`,
        instrument(ex.code),
        `}`,
      ].join('\n')
      await runModule(`example-${k}`, code)
      expect(failures).toEqual([])
    })
  })
})
