// The operators of this family, one line per file.
export * from './alsoTo.js'
export * from './balance.js'
export * from './broadcast.js'
export * from './divertTo.js'
export * from './partition.js'
export * from './unzip.js'
export * from './unzipWith.js'
export * from './wireTap.js'
