import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { collectOperatorDocs, renderIndex, renderPage } from '../../scripts/operator-docs.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const docs = collectOperatorDocs(root)
const dir = join(root, 'docs/operators/reference')

describe('operator reference pages (docs/operators/reference)', () => {
  it('finds the operators', () => {
    expect(docs.length).toBeGreaterThan(100)
    for (const name of ['map', 'take', 'mapAsync', 'throttle', 'merge', 'flatMapConcat', 'recover']) expect(docs.map((d) => d.name)).toContain(name)
  })

  it.each(docs.map((d) => [d.page, d] as const))('%s has a summary, a demand contract, an example and a category', (_page, d) => {
    expect(d.summary.length, `${d.file}: summary`).toBeGreaterThan(10)
    expect(d.contract.length, `${d.file}: the **Emits/Backpressures/Completes/Fails/Cancels when** lines`).toBeGreaterThan(0)
    expect(d.example, `${d.file}: @example`).toBeDefined()
    expect(d.category, `${d.file}: @category`).not.toBe('')
  })

  it.each(docs.map((d) => [d.page, d] as const))('%s has an up-to-date page (run `npm run docs:operators`)', (page, d) => {
    const path = join(dir, `${page}.md`)
    expect(existsSync(path), `${path} is missing`).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe(renderPage(d))
  })

  it('has an up-to-date index grouped by category', () => {
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(renderIndex(docs))
  })
})
