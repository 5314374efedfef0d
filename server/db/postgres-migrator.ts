// The one way anything migrates a PostgreSQL schema: the app database (server/utils/db.ts) and the
// analytics store (server/utils/analytics/postgres-store.ts) share a schema, and app instances start
// together. Every migrator takes the same advisory lock, keyed by the schema's name, before it
// touches anything — including CREATE SCHEMA, which is not safe to run concurrently (two
// `CREATE SCHEMA IF NOT EXISTS` at once fail with a duplicate key in pg_namespace). With separate
// locks, a fresh schema made the analytics store's first open fail on start-up.
import type pg from 'pg'

/**
 * Runs `apply` in one transaction holding the schema's migration lock, after creating the schema
 * (when one is named). `schema` is an already validated plain identifier, or '' for the connection's
 * current schema.
 */
export async function migratePostgresSchema(pool: pg.Pool, schema: string, apply: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // The key names the schema itself: current_schema() is NULL until the schema exists.
    await client.query('SELECT pg_advisory_xact_lock(hashtext(COALESCE(NULLIF($1, \'\'), current_schema()) || \':liveshop-migrate\'))', [schema])
    // Transactional: a migration that fails leaves no empty schema behind either.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await apply(client)
    await client.query('COMMIT')
  }
  catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
  finally {
    client.release()
  }
}
