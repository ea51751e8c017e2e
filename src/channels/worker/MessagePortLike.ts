/**
 * The part of a `MessagePort` that stream refs use. Both the browser's `MessagePort` and Node's
 * (`worker_threads` and the global `MessageChannel`) have it, so a ref made in one can be used in
 * the other.
 *
 * @example
 * ```ts
 * const { port1 }: { port1: MessagePortLike } = new MessageChannel()
 * port1.close()
 * ```
 * @category channels
 * @since 0.1.0
 */
export interface MessagePortLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void
  addEventListener(type: 'close', listener: () => void): void
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void
  removeEventListener(type: 'close', listener: () => void): void
  start(): void
  close(): void
}
