// The operators of this family, one line per file.
export * from './RestartSettings.js'
export * from './restartFlow.js'
export * from './restartSink.js'
export * from './restartSource.js'
export * from './unfoldResource.js'
export * from './unfoldResourceAsync.js'
