/**
 * Opening a pool from what the PostgreSQL stores accept, and running their DDL once at a time.
 *
 * @module
 * @internal
 */
import pg from 'pg'
import { show } from '../../internal/checks.js'

/** A pool from a connection string or config (the store's own), or the given pool (the caller's). @internal */
export function openPool(op: string, target: unknown): { pool: pg.Pool; owns: boolean } {
  // Duck-typed, so a Pool from another copy of `pg` is recognized too.
  const candidate = target as pg.Pool | null
  if (typeof target === 'object' && candidate !== null && typeof candidate.connect === 'function' && typeof candidate.query === 'function')
    return { pool: candidate, owns: false }
  if (typeof target !== 'string' && (typeof target !== 'object' || target === null))
    throw new TypeError(`${op}(target): expected a connection string, a pool config or a pg.Pool, got ${show(target)}`)
  const pool = new pg.Pool(typeof target === 'string' ? { connectionString: target } : (target as pg.PoolConfig))
  // An idle pooled connection that breaks emits 'error' on the pool; unheard, it would crash the process.
  pool.on('error', () => {})
  return { pool, owns: true }
}

/** Runs `ddl` in a transaction under an advisory lock, so concurrent stores do not race on CREATE. @internal */
export async function runDdl(pool: pg.Pool, lockKey: string, ddl: string): Promise<void> {
  const client = await pool.connect()
  let broken = false
  // A checked-out client whose connection drops emits 'error'; unheard, it would crash the process.
  const onError = (): void => {
    broken = true
  }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey])
    await client.query(ddl)
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {
      broken = true
    })
    throw e
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}
