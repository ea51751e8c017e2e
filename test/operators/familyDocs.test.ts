/**
 * The examples of docs/operators/{async,time,buffer}.md are real: each ```ts block that ends with
 * an `// out: <json>` line is compiled, run, and its `out` compared with that JSON.
 */
import { readdirSync, readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as sluice from '../../src/index.js'

const pages = ['async', 'time', 'buffer']

function examples(page: string): { code: string; expected: unknown; line: number }[] {
  const text = readFileSync(new URL(`../../docs/operators/${page}.md`, import.meta.url), 'utf8')
  const out: { code: string; expected: unknown; line: number }[] = []
  for (const m of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const body = m[1]!
    const expectation = /^\/\/ out: (.+)$/m.exec(body)
    if (expectation === null) continue
    out.push({ code: body, expected: JSON.parse(expectation[1]!), line: text.slice(0, m.index).split('\n').length + 1 })
  }
  return out
}

async function run(code: string): Promise<unknown> {
  const js = ts.transpileModule(`export {}\nasync function __example() {\n${code}\nreturn out\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText
  const body = js.replace(/^export \{\};?\n/m, '')
  const names = Object.keys(sluice)
  const fn = new Function(...names, `${body}\nreturn __example()`) as (...args: unknown[]) => Promise<unknown>
  return fn(...names.map((n) => (sluice as Record<string, unknown>)[n]))
}

describe('docs/operators examples of the async, time and buffer families', () => {
  for (const page of pages) {
    const found = examples(page)
    it(`${page}.md has examples`, () => expect(found.length).toBeGreaterThan(3))
    for (const ex of found)
      it(`${page}.md line ${ex.line}`, async () => {
        expect(await run(ex.code)).toEqual(ex.expected)
      })
  }
})

/** `@example` blocks of the operators' TSDoc; a line `expression // value` checks the expression. */
function tsdocExamples(): { where: string; code: string }[] {
  const out: { where: string; code: string }[] = []
  for (const family of ['async', 'buffer', 'time']) {
    const dir = new URL(`../../src/operators/${family}/`, import.meta.url)
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(new URL(name, dir), 'utf8')
      for (const block of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
        const body = block[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n')
        for (const m of body.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) out.push({ where: `${family}/${name}`, code: m[1]! })
      }
    }
  }
  return out
}

function withChecks(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(.+?)\s*\/\/\s*(.+)$/.exec(line)
      if (m === null || /^(const|let|var|import|function)\b/.test(m[2]!.trim())) return line
      try {
        new Function(`return (${m[3]!})`)
      } catch {
        return line // a comment in words, not a value
      }
      return `${m[1]}__check(await (${m[2]!}), (${m[3]!}), ${JSON.stringify(m[2]!.trim())})`
    })
    .join('\n')
}

describe('TSDoc examples of the async, time and buffer families', () => {
  const found = tsdocExamples()
  it('has one for every operator', () => expect(found.length).toBeGreaterThanOrEqual(30))
  for (const ex of found)
    it(ex.where, async () => {
      const checks: [unknown, unknown, string][] = []
      const code = withChecks(ex.code)
      const names = Object.keys(sluice)
      const js = ts.transpileModule(`export {}\nasync function __example(__check) {\n${code}\n}`, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      }).outputText.replace(/^export \{\};?\n/m, '')
      const fn = new Function(...names, `${js}\nreturn __example`) as (...args: unknown[]) => (c: unknown) => Promise<unknown>
      await fn(...names.map((n) => (sluice as Record<string, unknown>)[n]))((actual: unknown, expected: unknown, what: string) => checks.push([actual, expected, what]))
      expect(checks.length, 'checked lines').toBeGreaterThan(0)
      for (const [actual, expected, what] of checks) expect(actual, what).toEqual(expected)
    })
})
