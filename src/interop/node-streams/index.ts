/**
 * Bridges between sluice and Node streams (`sluice/node`). Node-only: import it from Node code.
 *
 * @module
 */
export { fromReadable } from './fromReadable.js'
export { toReadable, type ToReadableOptions } from './toReadable.js'
export { toWritable, type ToWritableOptions } from './toWritable.js'
export { asDuplex, type AsDuplexOptions } from './asDuplex.js'
