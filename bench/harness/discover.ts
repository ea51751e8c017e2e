import { readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchCase, NotApplicable } from './BenchCase.js'

/** A case as the driver sees it: where it lives and what it declares. */
export interface CaseEntry {
  /** The folder under `bench/cases/`, e.g. `'peers'`. */
  readonly group: string
  /** The source file, relative to the repository, e.g. `'bench/cases/peers/rxjs.case.ts'`. */
  readonly file: string
  /** The compiled file the child imports. */
  readonly compiled: string
  readonly index: number
  readonly benchCase: BenchCase
}

/** What a case file declared it cannot express, and the group of that file. */
export type NotApplicableEntry = NotApplicable & { readonly group: string }

/**
 * Finds every `bench/cases/<group>/**\/*.case.ts`, imports its compiled JavaScript from `out` and
 * lists its cases, in a stable order (group, file, position), and the (scenario, library) pairs
 * its optional `notApplicable` export declares. Importing runs nothing: case files
 * do their work in `setup` and `run`.
 *
 * @example
 * const { entries, notApplicable } = await discoverCases('/repo', compileForBench('/repo'))
 */
export async function discoverCases(root: string, out: string): Promise<{ entries: CaseEntry[]; notApplicable: NotApplicableEntry[] }> {
  const casesDir = join(root, 'bench', 'cases')
  const entries: CaseEntry[] = []
  const notApplicable: NotApplicableEntry[] = []
  for (const path of caseFiles(casesDir).sort()) {
    const file = relative(root, path).split(sep).join('/')
    const group = relative(casesDir, path).split(sep)[0]!
    const compiled = join(out, file.replace(/\.ts$/, '.js'))
    let mod: { cases?: unknown; notApplicable?: readonly NotApplicable[] }
    try {
      mod = (await import(pathToFileURL(compiled).href)) as typeof mod
    } catch (cause) {
      throw new Error(`discoverCases(root): cannot import ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    }
    if (!Array.isArray(mod.cases)) throw new TypeError(`discoverCases(root): ${file} must export \`cases: BenchCase[]\``)
    ;(mod.cases as BenchCase[]).forEach((benchCase, index) => entries.push({ group, file, compiled, index, benchCase }))
    for (const na of mod.notApplicable ?? []) notApplicable.push({ ...na, group })
  }
  return { entries, notApplicable }
}

function caseFiles(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return caseFiles(path)
    return name.endsWith('.case.ts') ? [path] : []
  })
}
