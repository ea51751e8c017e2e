/**
 * A FIFO queue on a circular array, for the stages that hold elements (buffer, delay,
 * mapAsyncUnordered). The backing array starts small and doubles as needed, so a large bound
 * costs nothing until it is used; the bound itself is the caller's business.
 *
 * @module
 */

/** @internal */
export class Ring<T> {
  private items: (T | undefined)[]
  private mask: number
  private head = 0
  /** Number of elements held. */
  length = 0

  constructor(initialCapacity = 16) {
    let cap = 2
    while (cap < initialCapacity) cap *= 2
    this.items = new Array<T | undefined>(cap).fill(undefined)
    this.mask = cap - 1
  }

  /** Adds `x` at the tail (the newest end). */
  push(x: T): void {
    if (this.length > this.mask) this.grow()
    this.items[(this.head + this.length) & this.mask] = x
    this.length++
  }

  /** Removes and returns the head (the oldest); `undefined` when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined
    const x = this.items[this.head]
    this.items[this.head] = undefined
    this.head = (this.head + 1) & this.mask
    this.length--
    return x
  }

  /** The head (the oldest) without removing it. */
  peek(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.head]
  }

  /** Removes and returns the tail (the newest). */
  pop(): T | undefined {
    if (this.length === 0) return undefined
    const i = (this.head + this.length - 1) & this.mask
    const x = this.items[i]
    this.items[i] = undefined
    this.length--
    return x
  }

  /** The `i`-th element from the head. */
  at(i: number): T | undefined {
    return i < 0 || i >= this.length ? undefined : this.items[(this.head + i) & this.mask]
  }

  clear(): void {
    for (let i = 0; i < this.length; i++) this.items[(this.head + i) & this.mask] = undefined
    this.head = 0
    this.length = 0
  }

  private grow(): void {
    const old = this.items
    const n = old.length
    const next = new Array<T | undefined>(n * 2).fill(undefined)
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & this.mask]
    this.items = next
    this.head = 0
    this.mask = n * 2 - 1
  }
}
