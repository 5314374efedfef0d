// The app database on both real backends, for a unit test file: a SQLite file in a folder of the
// file's own, and PostgreSQL (TEST_DATABASE_URL, default the local `test` database) in a schema of
// its own. Both are removed after the file; the databases it pushes to `opened` are closed first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll } from 'vitest'
import pg from 'pg'
import { openPostgresDb, openSqliteDb, type Db } from '../../../server/utils/db'

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** `name` names the temporary folder and schema; `sqliteFile` the SQLite file in that folder. */
export function dbBackends(name: string, sqliteFile = 'app.sqlite') {
  const dir = mkdtempSync(join(tmpdir(), `liveshop-${name}-`))
  const schema = `t_${name}_${randomBytes(5).toString('hex')}`
  const opened: Db[] = []
  afterAll(async () => {
    await Promise.all(opened.map(db => db.close()))
    rmSync(dir, { recursive: true, force: true })
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })
  const backends: [string, () => Promise<Db>][] = [
    ['sqlite', async () => openSqliteDb(join(dir, sqliteFile))],
    ['postgres', () => openPostgresDb(PG_URL, schema)],
  ]
  return { backends, opened }
}
