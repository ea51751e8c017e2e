export { fromEventTarget, type FromEventTargetOptions } from './fromEventTarget.js'
export { fromEventEmitter, type FromEventEmitterOptions, type EventEmitterLike } from './fromEventEmitter.js'
