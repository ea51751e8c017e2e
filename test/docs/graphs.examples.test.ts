/**
 * The `@example` blocks in the TSDoc of the fan-in, fan-out and channel operators, the hubs and
 * the graph builder, compiled and run. A line `expression // value` whose comment is a JavaScript
 * value (up to a `;`) is checked: the expression must equal the value.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import * as sluice from '../../src/index.js'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const dirs = ['src/operators/fan-in', 'src/operators/fan-out', 'src/operators/channels', 'src/channels']
const files = [...dirs.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => join(root, d, f))), join(root, 'src/dsl/GraphBuilder.ts')]

interface Example {
  readonly where: string
  readonly code: string
}

function examplesOf(file: string): Example[] {
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

const statement = /^(const|let|var|for|if|return|import|export|function|class|while|try)\b/

/** Turns `expr // value` lines into checks. */
function instrument(code: string): string {
  return code
    .split('\n')
    .map((line, i) => {
      const m = /^(\s*)(.*?)\s*\/\/\s*(.+)$/.exec(line)
      if (m === null) return line
      const expr = m[2]!.replace(/^;/, '').trim()
      if (expr === '' || statement.test(expr)) return line
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

const dir = mkdtempSync(join(tmpdir(), 'sluice-graph-examples-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const names = Object.keys(sluice).filter((n) => /^[A-Za-z_]\w*$/.test(n))
const examples = files.flatMap(examplesOf)

/** The ```ts blocks of the docs pages of this family; their `import ... from 'sluice'` lines are dropped (every export is in scope). */
const pages = ['docs/operators/fan-in.md', 'docs/operators/fan-out.md', 'docs/graphs.md', 'docs/channels.md']
const pageExamples: Example[] = pages.flatMap((page) =>
  [...readFileSync(join(root, page), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({
    where: page,
    code: m[1]!.replace(/^import [^\n]* from 'sluice(\/\w+)?'\n/gm, ''),
  })),
)

async function runExample(ex: Example, k: string): Promise<number> {
  let checks = 0
  const file = join(dir, `example-${k}.ts`)
  writeFileSync(
    file,
    [
      `import * as sluice from '${pathToFileURL(join(root, 'src/index.ts')).href}'`,
      `const { ${names.join(', ')} } = sluice`,
      `export default async function (__check: (actual: unknown, expected: unknown, line: number) => void): Promise<void> {`,
      instrument(ex.code),
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

describe('TSDoc examples of fan-in, fan-out, channels and GraphDSL', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(30))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      await runExample(ex, `tsdoc-${k}`)
    })
  })
})

describe('docs pages of fan-in, fan-out, graphs and channels', () => {
  it('has examples on every page', () => {
    for (const page of pages) expect(pageExamples.filter((e) => e.where === page).length, page).toBeGreaterThan(1)
  })

  pageExamples.forEach((ex, k) => {
    it(`${ex.where} #${k} runs and its '// value' comments hold`, async () => {
      const checks = await runExample(ex, `page-${k}`)
      expect(checks, 'every example checks something').toBeGreaterThan(0)
    })
  })
})
