/**
 * The PostgreSQL server of the test suite: `PG_URL` (or `DATABASE_URL`), which `.ci/run` sets from
 * the throwaway cluster `.ci/postgres.sh start` creates. In CI (`CI=true`) a missing variable or an
 * unreachable server fails the suite; locally, without the variable, the suite is skipped with a
 * message saying how to run it.
 */
import pg from 'pg'

export const pgUrl: string | undefined = process.env.PG_URL ?? process.env.DATABASE_URL
export const inCi: boolean = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0'

export const skipReason =
  'PostgreSQL tests skipped: PG_URL is not set. Run them with `source .ci/postgres.sh start && npx vitest run test/eventstore`.'

let schemas = 0
const created: string[] = []

/** A fresh schema name for one store; `dropSchemas()` removes them all. */
export function nextSchema(): string {
  const name = `sluice_t${process.pid}_${++schemas}`
  created.push(name)
  return name
}

/** Checks the server answers, with a message that says what to do when it does not. */
export async function checkServer(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (e) {
    throw new Error(`PostgreSQL at PG_URL=${url} is not reachable (${e instanceof Error ? e.message : String(e)}); start one with .ci/postgres.sh start`)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Drops every schema `nextSchema()` handed out. */
export async function dropSchemas(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const name of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
  } finally {
    await client.end()
  }
}
