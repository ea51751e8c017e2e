/**
 * Helpers for the tests of issue 5's substream, error, restart and lifecycle operators: inner
 * sources that count how many of them are open at once and whether each was closed.
 */
import { expect } from 'vitest'
import { Source } from '../../src/index.js'

/** What {@link counting} saw across all the inner sources it built. */
export interface Census {
  /** Inner sources open right now. */
  active: number
  /** The most that were open at the same time. */
  max: number
  /** Inner sources opened / closed so far (each closed exactly once, checked by {@link expectAllClosed}). */
  opened: number
  closed: number
  /** Sources whose close ran more than once (must stay 0). */
  closedTwice: number
}

/**
 * Builds inner sources that emit `elementsOf(x)` and record, through `unfoldResource`, when they
 * are opened and closed.
 */
export function counting<T, R>(elementsOf: (x: T) => readonly R[]): { census: Census; inner: (x: T) => Source<R> } {
  const census: Census = { active: 0, max: 0, opened: 0, closed: 0, closedTwice: 0 }
  const inner = (x: T): Source<R> =>
    Source.unfoldResource(
      () => {
        census.active++
        census.opened++
        census.max = Math.max(census.max, census.active)
        return { items: elementsOf(x), i: 0, closed: false }
      },
      (r) => r.items[r.i++],
      (r) => {
        if (r.closed) census.closedTwice++
        r.closed = true
        census.active--
        census.closed++
      },
    )
  return { census, inner }
}

/** Every inner source that was opened has been closed, once. */
export function expectAllClosed(census: Census): void {
  expect(census.closedTwice).toBe(0)
  expect(census.active).toBe(0)
  expect(census.closed).toBe(census.opened)
}

/** Sorts a copy of numbers ascending (for multiset comparisons). */
export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b)
}
