// The operators of this family, one line per file.
export * from './FlowMonitor.js'
export * from './KillSwitches.js'
export * from './SharedKillSwitch.js'
export * from './UniqueKillSwitch.js'
export * from './maybe.js'
export * from './monitor.js'
export * from './watchTermination.js'
