import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collectOperatorDocs, renderIndex, renderPage } from './operator-docs.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = collectOperatorDocs(root)
const dir = join(root, 'docs/operators/reference')
mkdirSync(dir, { recursive: true })
for (const d of docs) writeFileSync(join(dir, `${d.page}.md`), renderPage(d))
writeFileSync(join(dir, 'README.md'), renderIndex(docs))
console.log(`wrote ${docs.length} operator pages to docs/operators/reference`)
