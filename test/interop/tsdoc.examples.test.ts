/**
 * The `@example` blocks in the TSDoc of the interop bridges, compiled and run. Imports inside an
 * example are kept (they resolve from the repository); `sluice` and the bridge family's own
 * exports are in scope. A line `expression // value` whose comment is a JavaScript value is
 * checked: the expression must equal the value.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import * as sluice from '../../src/index.js'
import * as node from '../../src/interop/node-streams/index.js'
import * as rx from '../../src/interop/rxjs/index.js'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') && name !== 'index.ts' ? [path] : []
  })
}

interface Example {
  readonly where: string
  readonly code: string
  readonly scope: 'node' | 'rxjs' | 'core'
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8')
  const where = relative(root, file)
  const scope = where.includes('/node-streams/') ? 'node' : where.includes('/rxjs/') ? 'rxjs' : 'core'
  const out: Example[] = []
  for (const block of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const body = block[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
    for (const m of body.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) out.push({ where, code: m[1]!, scope })
  }
  return out
}

const statement = /^(const|let|var|for|if|return|import|export|function|class|while|try|async)\b/

function instrument(code: string): string {
  return code
    .split('\n')
    .map((line, i) => {
      const m = /^(\s*)(.*?)\s*\/\/\s*(.+)$/.exec(line)
      if (m === null) return line
      const expr = m[2]!.trim()
      if (expr === '' || statement.test(expr) || expr.endsWith('{') || expr.endsWith('}')) return line
      try {
        new Function(`return (${m[3]!})`)
      } catch {
        return line
      }
      return `${m[1]}__check(${expr}, (${m[3]!}), ${i + 1})`
    })
    .join('\n')
}

const files = [...tsFiles(join(root, 'src/operators/interop')), ...tsFiles(join(root, 'src/interop'))]
const examples = files.flatMap(examplesOf)
const names = { core: Object.keys(sluice), node: Object.keys(node), rxjs: Object.keys(rx) }
const modules = { core: 'src/index.ts', node: 'src/interop/node-streams/index.ts', rxjs: 'src/interop/rxjs/index.ts' }

// Inside the repository, so that `rxjs` resolves from node_modules.
const dir = mkdtempSync(join(root, 'test/interop/.tsdoc-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('TSDoc examples of the interop bridges', () => {
  it('has an example for every bridge', () => expect(examples.length).toBeGreaterThanOrEqual(14))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      const imports = [...ex.code.matchAll(/^import .*$/gm)].map((m) => m[0])
      const body = ex.code.replace(/^import .*$/gm, '')
      const scoped = [`import * as __core from '${pathToFileURL(join(root, modules.core)).href}'`, `const { ${names.core.join(', ')} } = __core`]
      if (ex.scope !== 'core')
        scoped.push(`import * as __family from '${pathToFileURL(join(root, modules[ex.scope])).href}'`, `const { ${names[ex.scope].join(', ')} } = __family`)
      const file = join(dir, `example-${k}.ts`)
      writeFileSync(
        file,
        [...imports, ...scoped, `export default async function (__check: (a: unknown, e: unknown, line: number) => void): Promise<void> {`, instrument(body), `}`].join('\n'),
      )
      let checks = 0
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
      expect(checks, `${ex.where}: the example checks a value`).toBeGreaterThan(0)
    })
  })
})
