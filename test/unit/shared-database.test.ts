// Analytics and the app's records share one SQLite file (ANALYTICS_SQLITE_PATH): both open it, in
// the order the server does (analytics first), on a new file and on a file from before the app
// database existed, and each keeps working with its own "shows".
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { WebhookEvent } from 'livekit-server-sdk'
import { openSqliteStore } from '../../server/utils/analytics/sqlite-store'
import { ANALYTICS_MIGRATIONS, MIGRATIONS_TABLE } from '../../server/utils/analytics/schema'
import { normalizeWebhook } from '../../server/utils/analytics/webhook-rows'
import { openSqliteDb } from '../../server/utils/db'
import { BUILTIN_HOST_ID } from '../../server/db/schema/catalog'
import { newShow, webhookBody } from '../e2e/support/webhooks'

const dir = mkdtempSync(join(tmpdir(), 'liveshop-shared-db-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function bothWork(path: string) {
  const store = openSqliteStore(path)
  const db = openSqliteDb(path)
  try {
    const now = Date.now()
    await db.run('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['spring', BUILTIN_HOST_ID, 'Spring drop', 'scheduled', now, now])
    expect(await db.get('SELECT title FROM shows WHERE id = ?', ['spring'])).toEqual({ title: 'Spring drop' })

    const session = newShow('spring', now - 60_000)
    const body = webhookBody('room_started', session, now - 60_000)
    expect(await store.recordEvent(normalizeWebhook(WebhookEvent.fromJsonString(body), body, now)!)).toBe(true)
    expect((await store.listShows(now - 3_600_000, now + 3_600_000, 10)).map(s => s.roomName)).toContain('spring')
  }
  finally {
    await store.close()
    await db.close()
  }
}

describe('one SQLite file for analytics and the app database', () => {
  it('works on a new file', async () => {
    await bothWork(join(dir, 'new.sqlite'))
  })

  it('works on a file that only had the first analytics schema (its room sessions move to show_sessions)', async () => {
    const path = join(dir, 'old.sqlite')
    const old = new Database(path)
    old.exec(MIGRATIONS_TABLE)
    for (const statement of ANALYTICS_MIGRATIONS[0]!.statements) old.exec(statement)
    old.prepare('INSERT INTO analytics_migrations (version, applied_ms) VALUES (1, ?)').run(Date.now())
    old.prepare('INSERT INTO shows (sid, room_name, started_ms) VALUES (?, ?, ?)').run('RM_old', 'last-week', 1)
    old.close()

    await bothWork(path)
    const check = new Database(path, { readonly: true })
    expect(check.prepare('SELECT room_name FROM show_sessions WHERE sid = ?').get('RM_old')).toEqual({ room_name: 'last-week' })
    check.close()
  })
})
