/** The CPU-bound function of the pool benchmark: naive Fibonacci. */
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2)
}
