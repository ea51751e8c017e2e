/**
 * The SQL of the PostgreSQL event store: its tables and the statements it runs.
 *
 * @module
 * @internal
 */

/**
 * Events of one transaction get offsets `txid * OFFSETS_PER_TRANSACTION + 0, 1, 2, ...`; see
 * `PostgresEventStore` for why.
 *
 * @internal
 */
export const OFFSETS_PER_TRANSACTION = 65536

/** Quotes an identifier for SQL. @internal */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The statements of one store (one schema and table prefix). @internal */
export interface PostgresSql {
  readonly channel: string
  readonly ddl: string
  readonly lockKey: string
  readonly append: string
  readonly currentSequenceNumber: string
  readonly existingIds: string
  readonly snapshot: string
  readonly all: string
  readonly byTag: string
  readonly bySlices: string
  readonly countAll: string
  readonly countByTag: string
  readonly countBySlices: string
  readonly byId: string
}

/** @internal */
export function postgresSql(schema: string, prefix: string): PostgresSql {
  const s = ident(schema)
  const events = `${s}.${ident(`${prefix}events`)}`
  const tags = `${s}.${ident(`${prefix}event_tags`)}`
  const snapshots = `${s}.${ident(`${prefix}snapshots`)}`
  const notifyFn = `${s}.${ident(`${prefix}events_notify`)}`
  const trigger = ident(`${prefix}events_notify`)
  const channel = `${schema}.${prefix}events`
  // The offsets every reader may see: those of transactions older than the oldest one still
  // running. They are all finished (committed or rolled back), so this set only grows at its top.
  const horizon = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint * ${OFFSETS_PER_TRANSACTION})`
  // occurred_at as epoch milliseconds: node-postgres parses a timestamptz text into a Date with a
  // regular expression (about a microsecond an event, the largest cost of a read); a float8 is a
  // parseFloat, and `new Date(ms)` is cheap. A Date holds milliseconds anyway.
  const eColumns = `e."offset"::text, e.id, e.aggregate_id, e.sequence_number::text, (extract(epoch from e.occurred_at) * 1000)::float8, e.type, e.payload, e.tags`
  return {
    channel,
    lockKey: `sluice eventstore ${schema}.${prefix}`,
    ddl: `
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${events} (
        "offset" bigint PRIMARY KEY,
        id text NOT NULL UNIQUE,
        aggregate_id text NOT NULL,
        sequence_number bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        payload text NOT NULL,
        tags text[],
        slice smallint NOT NULL,
        UNIQUE (aggregate_id, sequence_number)
      );
      CREATE INDEX IF NOT EXISTS ${ident(`${prefix}events_slice_offset`)} ON ${events} (slice, "offset");
      CREATE TABLE IF NOT EXISTS ${tags} (
        tag text NOT NULL,
        "offset" bigint NOT NULL,
        PRIMARY KEY (tag, "offset")
      );
      CREATE TABLE IF NOT EXISTS ${snapshots} (
        aggregate_id text PRIMARY KEY,
        sequence_number bigint NOT NULL,
        state text NOT NULL,
        taken_at timestamptz NOT NULL
      );
      CREATE OR REPLACE FUNCTION ${notifyFn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN PERFORM pg_notify(${literal(channel)}, ''); RETURN NULL; END
      $fn$;
      -- Only when missing: dropping and creating it would lock the table against every reader.
      DO $do$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = ${literal(`${prefix}events_notify`)} AND tgrelid = ${literal(events)}::regclass) THEN
          CREATE TRIGGER ${trigger} AFTER INSERT ON ${events} FOR EACH STATEMENT EXECUTE FUNCTION ${notifyFn}();
        END IF;
      END $do$;
    `,
    // One statement, so one transaction: the sequence-number check, the events, their tags and
    // the snapshot are written together or not at all. When the aggregate is not at $2, `base`
    // is empty and nothing is inserted; the caller sees `current`.
    //   $1 aggregate id, $2 expected sequence number, $3 slice, $4..$7 ids, times, types, payloads,
    //   $8 tags as JSON (or null) per event, $9/$10 (tag, event index) pairs, $11 snapshot, $12 taken at
    append: `
      WITH cur AS (
        SELECT coalesce(max(sequence_number), 0) AS n FROM ${events} WHERE aggregate_id = $1
      ), base AS (
        SELECT pg_current_xact_id()::text::bigint * ${OFFSETS_PER_TRANSACTION} AS b FROM cur WHERE cur.n = $2::bigint
      ), ins AS (
        INSERT INTO ${events} ("offset", id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice)
        SELECT base.b + v.ord - 1, v.id, $1, $2::bigint + v.ord, v.occurred_at, v.type, v.payload,
               CASE WHEN v.tags IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(v.tags::json)) END, $3::smallint
        FROM base, unnest($4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS v(id, occurred_at, type, payload, tags, ord)
        RETURNING "offset"
      ), tag_ins AS (
        INSERT INTO ${tags} (tag, "offset")
        SELECT t.tag, base.b + t.idx FROM base, unnest($9::text[], $10::int[]) AS t(tag, idx)
      ), snap AS (
        INSERT INTO ${snapshots} (aggregate_id, sequence_number, state, taken_at)
        SELECT $1, $2::bigint + cardinality($4::text[]), $11::text, $12::timestamptz FROM base WHERE $11::text IS NOT NULL
        ON CONFLICT (aggregate_id) DO UPDATE SET sequence_number = excluded.sequence_number, state = excluded.state, taken_at = excluded.taken_at
        WHERE ${snapshots}.sequence_number <= excluded.sequence_number
      )
      SELECT (SELECT n FROM cur)::text AS current, (SELECT array_agg("offset"::text ORDER BY "offset") FROM ins) AS offsets
    `,
    currentSequenceNumber: `SELECT coalesce(max(sequence_number), 0)::text AS n FROM ${events} WHERE aggregate_id = $1`,
    existingIds: `SELECT id FROM ${events} WHERE id = ANY($1::text[])`,
    snapshot: `SELECT sequence_number::text, state, taken_at FROM ${snapshots} WHERE aggregate_id = $1`,
    // Subscriptions read below the horizon, in offset order. The horizon is an InitPlan: computed
    // once per statement, from the statement's own snapshot.
    all: `
      SELECT ${eColumns} FROM ${events} e
      WHERE e."offset" > $1::bigint AND e."offset" < (SELECT ${horizon})
      ORDER BY e."offset" LIMIT $2`,
    byTag: `
      SELECT ${eColumns} FROM ${tags} t JOIN ${events} e ON e."offset" = t."offset"
      WHERE t.tag = $3 AND t."offset" > $1::bigint AND t."offset" < (SELECT ${horizon})
      ORDER BY t."offset" LIMIT $2`,
    // For slices the horizon comes back too (first column; a row comes back even when no event
    // does), so that a short page moves the position up to it: the next read does not scan again
    // the events of other slices.
    countAll: `SELECT count(*)::int FROM ${events} WHERE "offset" > $1::bigint AND "offset" < (SELECT ${horizon})`,
    countByTag: `SELECT count(*)::int FROM ${tags} WHERE tag = $2 AND "offset" > $1::bigint AND "offset" < (SELECT ${horizon})`,
    countBySlices: `SELECT count(*)::int FROM ${events} WHERE slice BETWEEN $2::smallint AND $3::smallint AND "offset" > $1::bigint AND "offset" < (SELECT ${horizon})`,
    bySlices: `
      WITH h AS MATERIALIZED (SELECT ${horizon} AS horizon)
      SELECT h.horizon::text, ${eColumns} FROM h
      LEFT JOIN LATERAL (
        SELECT * FROM ${events}
        WHERE slice BETWEEN $3::smallint AND $4::smallint AND "offset" > $1::bigint AND "offset" < h.horizon ORDER BY "offset" LIMIT $2
      ) e ON true
      ORDER BY e."offset"`,
    // One aggregate's events need no horizon: an append to it waits for the previous one to commit
    // (it must see it to pass the sequence-number check), so what is visible is always a prefix.
    // (Qualified names: unqualified, ORDER BY would sort by the text column of the same name.)
    byId: `SELECT ${eColumns} FROM ${events} e WHERE e.aggregate_id = $1 AND e.sequence_number > $2::bigint ORDER BY e.sequence_number LIMIT $3`,
  }
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
