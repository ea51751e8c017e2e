// The operators of this family, one line per file.
export * from './Supervision.js'
export * from './mapError.js'
export * from './onErrorComplete.js'
export * from './onErrorResume.js'
export * from './recover.js'
export * from './recoverWith.js'
export * from './recoverWithRetries.js'
export * from './withSupervision.js'
