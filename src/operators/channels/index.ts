// The operators of this family, one line per file.
export * from './sinkQueue.js'
export * from './sourceQueue.js'
