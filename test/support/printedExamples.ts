/**
 * Runs the ```ts blocks of a docs page as written, with `import ... from 'sluice/...'` pointed at
 * the sources (from package.json's exports), and checks that each `console.log(...) // printed`
 * prints what its comment says (spaces ignored; a comment containing `...` is not checked).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'
import { afterAll, expect, it, vi } from 'vitest'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

/** `sluice/x` -> the source file its export points at (dist/x/index.js -> src/x/index.ts). */
function sourceOfExport(name: string): string {
  const exports = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { import: string }> }).exports
  const key = name === 'sluice' ? '.' : `./${name.slice('sluice/'.length)}`
  const target = exports[key]?.import
  if (target === undefined) throw new Error(`no export ${key} in package.json`)
  return join(root, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'))
}

/** Registers one test per ```ts block of `page`; returns the blocks. */
export function testPrintedExamples(page: string): string[] {
  const blocks = [...readFileSync(join(root, page), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
  // Inside the repository, so that peer packages (rxjs, pg, better-sqlite3) resolve from node_modules.
  const dir = mkdtempSync(join(root, 'test/.examples-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs and prints what its comments say`, async () => {
      const source = code.replace(/from '(sluice(?:\/[a-z/]+)?)'/g, (_, name: string) => `from '${pathToFileURL(sourceOfExport(name)).href}'`)
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
      expect(printed.length, 'console.log calls').toBe(expected.length)
      expected.forEach((want, k) => {
        if (!want.includes('...')) expect(printed[k]!.replace(/\s+/g, '')).toBe(want.replace(/\s+/g, ''))
      })
    })
  })
  return blocks
}
