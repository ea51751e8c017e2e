import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const src = join(root, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

const all = files(src)
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(importRe)) out.push((m[1] ?? m[2])!)
  return out
}

function layerOf(file: string): string {
  return relative(src, file).split('/')[0]!.replace(/\.ts$/, '')
}

// What each layer may import (DESIGN.md): nothing below imports anything above it.
const rank: Record<string, number> = { spec: 0, core: 1, operators: 2, dsl: 3 }

describe('layering (DESIGN.md)', () => {
  it('spec, core, operators and dsl never import node:* (they run in browsers)', () => {
    const offenders = all
      .filter((f) => layerOf(f) in rank)
      .flatMap((f) => importsOf(f).filter((i) => i.startsWith('node:') || i === 'fs' || i === 'path').map((i) => `${relative(root, f)} imports ${i}`))
    expect(offenders).toEqual([])
  })

  it('the browser layers (testkit, interop without node-streams, channels) import no node:* and use no Node-only globals', () => {
    const browser = all.filter((f) => {
      const rel = relative(src, f)
      return (rel.startsWith('testkit/') || rel.startsWith('interop/') || rel.startsWith('channels/')) && !rel.startsWith('interop/node-streams/') && !rel.startsWith('channels/rsocket/') && !rel.startsWith('channels/worker/node')
    })
    const nodeGlobals = /\b(process\.|Buffer\.|require\(|__dirname|__filename|setImmediate\()/
    const offenders = browser.flatMap((f) => [
      ...importsOf(f).filter((i) => i.startsWith('node:') || i === 'fs' || i === 'path' || i === 'events').map((i) => `${relative(root, f)} imports ${i}`),
      ...(nodeGlobals.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')) ? [`${relative(root, f)} uses a Node-only global`] : []),
    ])
    expect(offenders).toEqual([])
  })

  it('no layer imports a layer above it', () => {
    const offenders: string[] = []
    for (const f of all) {
      const from = layerOf(f)
      if (!(from in rank)) continue
      for (const i of importsOf(f)) {
        if (!i.startsWith('.')) continue
        const target = resolve(dirname(f), i.replace(/\.js$/, '.ts'))
        const to = layerOf(target)
        if (to in rank && rank[to]! > rank[from]!) offenders.push(`${relative(root, f)} (${from}) imports ${relative(root, target)} (${to})`)
        if (!(to in rank) && to !== from) offenders.push(`${relative(root, f)} (${from}) imports ${relative(root, target)} (${to})`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('there is no import cycle between modules outside the core', () => {
    // core files reference each other's types and classes by design; elsewhere a cycle is a bug.
    const graph = new Map<string, string[]>()
    for (const f of all) {
      const deps = importsOf(f)
        .filter((i) => i.startsWith('.'))
        .map((i) => resolve(dirname(f), i.replace(/\.js$/, '.ts')))
        .filter((t) => !(layerOf(t) === 'core' && layerOf(f) === 'core'))
      graph.set(f, deps)
    }
    const state = new Map<string, number>()
    const cycles: string[] = []
    const visit = (n: string, path: string[]): void => {
      if (state.get(n) === 2) return
      if (state.get(n) === 1) {
        cycles.push([...path.slice(path.indexOf(n)), n].map((p) => relative(root, p)).join(' -> '))
        return
      }
      state.set(n, 1)
      for (const d of graph.get(n) ?? []) visit(d, [...path, n])
      state.set(n, 2)
    }
    for (const f of graph.keys()) visit(f, [])
    // Source/Flow/FlowOps refer to each other's classes only as types (erased at runtime).
    const runtimeCycles = cycles.filter((c) => !/src\/dsl\/(Flow|FlowOps|Source|Sink)\.ts -> .*src\/dsl\/(Flow|FlowOps|Source|Sink)\.ts/.test(c))
    expect(runtimeCycles).toEqual([])
  })

  it('importing the entry points changes no globals', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis))
    await import('../../src/index.js')
    await import('../../src/spec/index.js')
    await import('../../src/core/index.js')
    const added = Object.getOwnPropertyNames(globalThis).filter((n) => !before.has(n))
    expect(added).toEqual([])
  })
})
