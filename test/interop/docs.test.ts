/**
 * The TypeScript examples of docs/interop.md, run as written (imports of `sluice/...` pointed at
 * the sources). Each `console.log(...) // expected` must print what its comment says (spaces
 * ignored).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'
import { afterAll, describe, expect, it, vi } from 'vitest'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const doc = readFileSync(join(root, 'docs/interop.md'), 'utf8')
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
// Inside the repository, so that `rxjs` resolves from node_modules.
const dir = mkdtempSync(join(root, 'test/interop/.docs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const targets: Record<string, string> = {
  'sluice/node': 'src/interop/node-streams/index.ts',
  'sluice/rxjs': 'src/interop/rxjs/index.ts',
  'sluice/interop': 'src/interop/index.ts',
  sluice: 'src/index.ts',
}

describe('docs/interop.md examples', () => {
  it('has one example per bridge', () => expect(blocks.length).toBe(6))

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
      expect(printed.map((p) => p.replace(/\s+/g, ''))).toEqual(expected.map((e) => e.replace(/\s+/g, '')))
    })
  })
})
