// The operators of this family, one line per file.
export * from './batch.js'
export * from './batchWeighted.js'
export * from './buffer.js'
export * from './conflate.js'
export * from './conflateWithSeed.js'
export * from './detach.js'
export * from './expand.js'
export * from './extrapolate.js'
