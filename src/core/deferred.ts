/** A Promise with its settle functions, for materialized values. @internal */
export interface Deferred<T> {
  readonly promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

/** @internal */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A materialized Promise nobody awaits must not crash the process when the stream fails;
  // whoever awaits it still sees the rejection.
  promise.catch(() => {})
  return { promise, resolve, reject }
}
