/**
 * What sluice/rsocket may import: Node's `net` and the layers below it. `ws` (an optional peer
 * dependency) is loaded only when a WebSocket is asked for, so TCP users need not install it, and
 * importing the entry point changes no globals.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const dir = join(root, 'src/channels/rsocket')

function tsFiles(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const path = join(d, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

describe('sluice/rsocket layering', () => {
  it('imports only node:* at run time; ws only as types and by dynamic import', () => {
    const offenders = tsFiles(dir).flatMap((f) => {
      const text = readFileSync(f, 'utf8')
      const runtime = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"./][^'"]*)['"]/gm)].map((m) => m[1]!)
      return runtime.filter((i) => !i.startsWith('node:')).map((i) => `${relative(root, f)} imports ${i}`)
    })
    expect(offenders).toEqual([])
    const dynamic = tsFiles(dir).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]))
    expect(new Set(dynamic)).toEqual(new Set(['ws']))
  })

  it('importing sluice/rsocket changes no globals', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis))
    await import('../../../src/channels/rsocket/index.js')
    expect(Object.getOwnPropertyNames(globalThis).filter((n) => !before.has(n))).toEqual([])
  })
})
