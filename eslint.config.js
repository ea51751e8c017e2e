// @ts-check
import tseslint from 'typescript-eslint'

const nodeOnly = { group: ['node:*'], message: 'core, dsl, spec, operators, testkit, channels and the browser interop run in browsers too: no node:* imports (DESIGN.md).' }

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Objects handed to foreign code (a Subscription, a Publisher) close over their stage as `self`.
      '@typescript-eslint/no-this-alias': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports (STYLE.md).' }],
    },
  },
  {
    files: ['src/spec/**', 'src/core/**', 'src/dsl/**', 'src/operators/**', 'src/testkit/**', 'src/channels/**', 'src/interop/async-iterable/**', 'src/interop/web-streams/**', 'src/interop/rxjs/**'],
    ignores: ['src/channels/rsocket/**'], // the network transport is Node's (net, ws)
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeOnly] }] },
  },
  {
    files: ['bench/**/*.bench.ts', '*.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
)
