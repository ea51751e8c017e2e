import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'

/** The folders the children may import from (cases import `src/`, and sometimes `test/` helpers). */
const FOLDERS = ['src', 'bench', 'test']

/**
 * Compiles the repository's TypeScript for the benchmark children into a fresh temporary folder
 * and returns it: the same compiler and `tsconfig.json` options as `npm run build`, one file at a
 * time (`ts.transpileModule`, valid because the project sets `isolatedModules`), no source maps.
 * The folder gets a `package.json` (`"type": "module"`) and a `node_modules` link to the
 * repository's, so the output imports exactly what the sources import.
 *
 * Why not `node --import tsx` in the children: tsx compiles with esbuild and `keepNames`, which
 * wraps every named function and class in a `__name(...)` call (a function created per element in
 * a hot path then pays an extra call and a `defineProperty`), and it installs source-map support
 * and a module-loading hook. Plain JavaScript from `tsc` is what users of the published package run.
 *
 * @example
 * const out = compileForBench('/path/to/repo')
 * // node --expose-gc `${out}/bench/harness/child.js` ...
 */
export function compileForBench(root: string): string {
  const configPath = join(root, 'tsconfig.json')
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path))
  if (config.error !== undefined) throw new Error(`compileForBench(root): cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(config.error.messageText, '\n')}`)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    // NodeNext emits ESM for this package ("type": "module"); transpileModule cannot read package.json, so it is told.
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    sourceMap: false,
    inlineSourceMap: false,
    declaration: false,
    declarationMap: false,
    noEmit: false,
  }
  const out = mkdtempSync(join(tmpdir(), 'sluice-bench-js-'))
  writeFileSync(join(out, 'package.json'), '{ "type": "module", "private": true }\n')
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir')
  for (const folder of FOLDERS) {
    for (const file of typeScriptFiles(join(root, folder))) {
      const output = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file, reportDiagnostics: false })
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js')
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, output.outputText)
    }
  }
  return out
}

function typeScriptFiles(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    if (statSync(path).isDirectory()) return typeScriptFiles(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}
