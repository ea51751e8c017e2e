/**
 * The `@example` blocks in the TSDoc of the interop bridges, compiled and run with
 * test/support/tsdocExamples.ts: sluice, the Node and RxJS bridges are in scope, other imports
 * are kept, and every example must check a value (`expression // value`).
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { examplesOf, root, runExample } from '../support/tsdocExamples.js'

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') && name !== 'index.ts' ? [path] : []
  })
}

const files = [...tsFiles(join(root, 'src/operators/interop')), ...tsFiles(join(root, 'src/interop'))]
const examples = files.flatMap(examplesOf)
const modules = ['src/interop/node-streams/index.ts', 'src/interop/rxjs/index.ts']

describe('TSDoc examples of the interop bridges', () => {
  it('has an example for every bridge', () => expect(examples.length).toBeGreaterThanOrEqual(14))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      const checks = await runExample(ex, { modules })
      expect(checks, `${ex.where}: the example checks a value`).toBeGreaterThan(0)
    })
  })
})
