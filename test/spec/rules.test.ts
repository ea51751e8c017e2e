import { describe, expect, it } from 'vitest'
import { addDemand, isValidRequest, rules, SpecViolationError, UNBOUNDED } from '../../src/spec/index.js'

describe('spec rules', () => {
  it('isValidRequest accepts positive integers and Infinity only (§3.9)', () => {
    for (const n of [1, 2, 1000, UNBOUNDED, Infinity]) expect(isValidRequest(n)).toBe(true)
    for (const n of [0, -0, -1, -Infinity, NaN, 0.5, 1.5, '1', null, undefined, 1n]) expect(isValidRequest(n)).toBe(false)
  })

  it('addDemand accumulates and saturates at Number.MAX_SAFE_INTEGER (§3.17)', () => {
    expect(addDemand(0, 3)).toBe(3)
    expect(addDemand(3, 4)).toBe(7)
    expect(addDemand(UNBOUNDED - 1, 1)).toBe(UNBOUNDED)
    expect(addDemand(UNBOUNDED, UNBOUNDED)).toBe(UNBOUNDED)
    expect(addDemand(5, Infinity)).toBe(UNBOUNDED)
    expect(addDemand(UNBOUNDED - 10, 100)).toBe(UNBOUNDED)
  })

  it('every message starts with the call and cites its rule', () => {
    const e = rules.nonPositiveRequest(0)
    expect(e).toBeInstanceOf(RangeError)
    expect(e).toBeInstanceOf(SpecViolationError)
    expect(e.rule).toBe('3.9')
    expect(e.message).toBe('request(n): n must be a positive integer (Reactive Streams §3.9), got 0')
    expect(rules.nullElement('x').message).toMatch(/^x: onNext\(element\).*§2\.13/)
    expect(rules.nullElement('x')).toBeInstanceOf(TypeError)
    expect(rules.nullSubscription('x').message).toMatch(/^x: onSubscribe\(subscription\).*§2\.13/)
    expect(rules.nullError('x').message).toMatch(/^x: onError\(error\).*§2\.13/)
    expect(rules.nullSubscriber('x').message).toMatch(/^x: subscribe\(subscriber\).*§1\.9/)
    expect(rules.singleSubscriber('x').rule).toBe('1.10')
    expect(rules.demandExceeded('x').rule).toBe('1.1')
    expect(rules.duplicateOnSubscribe('x').rule).toBe('2.5')
  })
})
