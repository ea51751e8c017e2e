/**
 * Generates docs/operators/<name>.md for every operator (each exported function in
 * src/operators/<family>/*.ts that carries TSDoc) from its TSDoc, in one template, and the index
 * docs/operators/README.md grouped by @category. `npm run docs:operators` writes them; the test
 * test/docs/operator-docs.test.ts fails when a page is missing or stale.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'

export interface OperatorDoc {
  readonly name: string
  /** The page's file name without `.md`: the name, or `name-category` when two families share a name. */
  readonly page: string
  readonly file: string
  readonly category: string
  readonly summary: string
  readonly timeline: string | undefined
  readonly contract: readonly string[]
  readonly example: string | undefined
  readonly see: readonly string[]
  readonly signature: string
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) return n === 'internal' ? [] : walk(p)
    return n.endsWith('.ts') && n !== 'index.ts' ? [p] : []
  })
}

const docThenExport = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export function (\w+)(<[^(]*>)?\(([^)]*(?:\([^)]*\)[^)]*)*)\)\s*:\s*([^{]+)\{/g

/** `{@link operators!fam.x | x}` and `{@link x}` as Markdown links to the sibling page. */
function links(text: string): string {
  return text.replace(/\{@link\s+(?:[\w/]+!)?(?:[\w]+\.)?(\w+)(?:\s*\|\s*([^}]+))?\}/g, (_m, target: string, label?: string) => `[${(label ?? target).trim()}](${target}.md)`)
}

function clean(comment: string): string {
  return comment
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim()
}

export function collectOperatorDocs(root: string): OperatorDoc[] {
  const docs: OperatorDoc[] = []
  for (const file of walk(join(root, 'src/operators'))) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(docThenExport)) {
      const body = clean(m[1]!)
      const name = m[2]!
      if (/@internal\b/.test(body)) continue
      const category = /@category\s+(\S+)/.exec(body)?.[1] ?? basename(join(file, '..'))
      const beforeTags = body.split(/\n@/)[0]!
      const fences = [...beforeTags.matchAll(/```(\w*)\n([\s\S]*?)```/g)]
      const timeline = fences.find((f) => f[1] === '')?.[2]?.trimEnd()
      const summary = links(beforeTags.replace(/```[\s\S]*?```/g, '').split(/\n\s*\n|\n- \*\*/)[0]!.replace(/\s+/g, ' ').trim())
      const contract = [...beforeTags.matchAll(/^- \*\*(.+)$/gm)].map((c) => links(`- **${c[1]!.trim()}`))
      const example = /@example\s*\n```ts\n([\s\S]*?)```/.exec(body)?.[1]?.trimEnd()
      const see = [...body.matchAll(/@see\s+(.+)/g)].flatMap((s) => [...s[1]!.matchAll(/\{@link\s+(\w+)\}/g)].map((l) => l[1]!))
      const signature = `${name}${m[3] ?? ''}(${m[4]!.replace(/\s+/g, ' ').trim()}): ${m[5]!.trim()}`
      docs.push({ name, page: name, file: relative(root, file), category, summary, timeline, contract, example, see, signature })
    }
  }
  const count = new Map<string, number>()
  for (const d of docs) count.set(d.name, (count.get(d.name) ?? 0) + 1)
  return docs
    .map((d) => ((count.get(d.name) ?? 0) > 1 ? { ...d, page: `${d.name}-${d.category}` } : d))
    .sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name))
}

export function renderPage(d: OperatorDoc): string {
  const parts = [`# ${d.name}`, '', d.summary, '']
  if (d.timeline !== undefined) parts.push('```', d.timeline, '```', '')
  parts.push('```ts', d.signature, '```', '')
  if (d.contract.length > 0) parts.push(...d.contract, '')
  if (d.example !== undefined) parts.push('## Example', '', '```ts', d.example, '```', '')
  if (d.see.length > 0) parts.push('## See also', '', d.see.map((s) => `[${s}](${s}.md)`).join(', '), '')
  parts.push(`Source: [${d.file}](../../${d.file}) · category: ${d.category} · timeline notation: [notation.md](../notation.md)`, '')
  return parts.join('\n')
}

export function renderIndex(docs: readonly OperatorDoc[]): string {
  const lines = ['# Operators', '', 'Generated from the TSDoc of each operator (`npm run docs:operators`); one page per operator.', '']
  let category = ''
  for (const d of docs) {
    if (d.category !== category) {
      category = d.category
      lines.push('', `## ${category}`, '')
    }
    lines.push(`- [${d.name}](${d.page}.md) — ${d.summary}`)
  }
  return lines.join('\n') + '\n'
}
