/**
 * `npm run bench`: runs every `bench/**\/*.bench.ts` (or the ones whose path contains an
 * argument: `npm run bench -- mapAsync`). Each file default-exports an async function that runs
 * its suites with `runSuite`.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return find(path)
    return name.endsWith('.bench.ts') ? [path] : []
  })
}
const filters = process.argv.slice(2)
const files = find(root)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
console.log(`sluice benchmarks — node ${process.version}, ${new Date().toISOString()}`)
for (const file of files) {
  console.log(`\n# ${relative(root, file)}`)
  const mod = (await import(pathToFileURL(file).href)) as { default: () => Promise<void> }
  await mod.default()
}
