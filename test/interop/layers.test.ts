/**
 * What each interop entry point may import: the bridges in `sluice` and `sluice/interop` run in
 * browsers (no `node:*`, no `rxjs`), `sluice/rxjs` needs only rxjs, `sluice/node` only Node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

function bareImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"./][^'"]*)['"]/gm)].map((m) => m[1]!)
}

function offenders(dirs: string[], allowed: (specifier: string) => boolean): string[] {
  return dirs
    .flatMap((d) => tsFiles(join(root, d)))
    .flatMap((f) => bareImports(f).filter((i) => !allowed(i)).map((i) => `${relative(root, f)} imports ${i}`))
}

describe('interop layering', () => {
  it('the browser-safe bridges import nothing from Node or RxJS', () => {
    const dirs = ['src/operators/interop', 'src/interop/async-iterable', 'src/interop/web-streams', 'src/interop/events']
    expect(offenders(dirs, () => false)).toEqual([])
    expect(bareImports(join(root, 'src/interop/index.ts'))).toEqual([])
  })

  it('sluice/rxjs imports only rxjs, sluice/node only node:*', () => {
    expect(offenders(['src/interop/rxjs'], (i) => i === 'rxjs')).toEqual([])
    expect(offenders(['src/interop/node-streams'], (i) => i.startsWith('node:'))).toEqual([])
  })

  it('importing sluice/rxjs, sluice/node and sluice/interop changes no globals', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis))
    await import('../../src/interop/index.js')
    await import('../../src/interop/rxjs/index.js')
    await import('../../src/interop/node-streams/index.js')
    expect(Object.getOwnPropertyNames(globalThis).filter((n) => !before.has(n))).toEqual([])
  })
})
