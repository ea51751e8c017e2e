/**
 * The TypeScript examples of docs/eventstore.md, run as written (imports of `sluice/...` pointed at
 * the sources). Each `console.log(...) // expected` must print what its comment says (spaces
 * ignored; comments containing `...` are not checked).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'
import { afterAll, describe, expect, it, vi } from 'vitest'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const doc = readFileSync(join(root, 'docs/eventstore.md'), 'utf8')
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
const dir = mkdtempSync(join(tmpdir(), 'sluice-docs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const targets: Record<string, string> = {
  'sluice/eventstore': 'src/eventstore/index.ts',
  'sluice/sqlite': 'src/eventstore/sqlite/index.ts',
  'sluice/postgres': 'src/eventstore/postgres/index.ts',
  sluice: 'src/index.ts',
}

describe('docs/eventstore.md examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(4))

  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs and prints what its comments say`, async () => {
      const source = code.replace(/from '(sluice(?:\/[a-z]+)?)'/g, (_, name: string) => `from '${pathToFileURL(join(root, targets[name]!)).href}'`)
      const expected = [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((m) => m[1]!)
      const file = join(dir, `example-${i + 1}.ts`)
      writeFileSync(file, source)
      const printed: string[] = []
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)))
      try {
        await import(pathToFileURL(file).href)
      } finally {
        spy.mockRestore()
      }
      expect(printed.length).toBe(expected.length)
      expected.forEach((want, k) => {
        if (!want.includes('...')) expect(printed[k]!.replace(/\s+/g, '')).toBe(want.replace(/\s+/g, ''))
      })
    })
  })
})
