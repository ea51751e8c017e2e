/**
 * One macrotask turn, in Node and in browsers: `setImmediate` where it exists, else a
 * MessageChannel message (not `setTimeout(0)`, which browsers clamp to 4 ms once nested).
 */
export function macrotask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise<void>((resolve) => setImmediate(resolve))
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(undefined)
  })
}
