// The operators of this family, one line per file.
export * from './filterAsync.js'
export * from './foldAsync.js'
export * from './mapAsync.js'
export * from './mapAsyncPartitioned.js'
export * from './mapAsyncPartitionedUnordered.js'
export * from './mapAsyncUnordered.js'
export * from './scanAsync.js'
