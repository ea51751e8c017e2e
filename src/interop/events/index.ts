export { fromEventTarget, type FromEventTargetOptions } from '../../operators/interop/fromEventTarget.js'
export { fromEventEmitter, type FromEventEmitterOptions, type EventEmitterLike } from '../../operators/interop/fromEventEmitter.js'
