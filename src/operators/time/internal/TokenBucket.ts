/**
 * The token bucket behind `throttle`.
 *
 * @module
 */

/**
 * A bucket of `capacity` tokens, full at start; one token arrives every `per / rate` ms while it
 * is not full. Time is kept multiplied by `rate`, so that with whole milliseconds every
 * computation is exact in integers (no drift between a delay and the token it waits for).
 *
 * @internal
 */
export class TokenBucket {
  private tokens: number
  /** Scaled time (ms × rate) at which the last counted token arrived. */
  private last: number

  constructor(
    private readonly capacity: number,
    private readonly rate: number,
    private readonly per: number,
    now: number,
    /** Tokens at start (default: a full bucket). */
    tokens: number = capacity,
  ) {
    this.tokens = Math.min(tokens, capacity)
    this.last = now * rate
  }

  /**
   * Takes `cost` tokens. Returns 0 when they are there now; otherwise takes them in advance and
   * returns how many ms to wait until the last of them has arrived.
   */
  offer(cost: number, now: number): number {
    const t = now * this.rate
    const elapsed = t - this.last
    if (elapsed >= this.per) {
      const arrived = Math.floor(elapsed / this.per)
      this.last += arrived * this.per
      this.tokens = Math.min(this.tokens + arrived, this.capacity)
    }
    if (cost <= this.tokens) {
      this.tokens -= cost
      return 0
    }
    // Tokens arrive at multiples of `per` after `last`: wait for the ones still missing.
    const wait = (cost - this.tokens) * this.per - (t - this.last)
    this.tokens = 0
    this.last = t + wait
    return wait / this.rate
  }
}
