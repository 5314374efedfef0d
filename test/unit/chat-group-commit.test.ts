// Group commit (server/utils/chat/group-commit.ts) on a real SQLite file: posts that arrive while a
// commit runs share the next transaction, each gets its own result, a lone post commits at once,
// and one post that fails does not take the others down with it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteDb } from '../../server/utils/db'
import { createGroupCommit } from '../../server/utils/chat/group-commit'

const dir = mkdtempSync(join(tmpdir(), 'liveshop-group-commit-'))
const db = openSqliteDb(join(dir, 'test.sqlite'), [{ id: 'test-001', statements: ['CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)'] }])
afterAll(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

const insert = (id: number, text: string | null = `note ${id}`) => async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) => {
  await tx.run('INSERT INTO notes (id, text) VALUES (?, ?)', [id, text])
  return id
}

describe('chat group commit', () => {
  it('a lone post commits in its own transaction, at once', async () => {
    const group = createGroupCommit(db)
    expect(await group.run(insert(1))).toBe(1)
    expect(group.commits).toBe(1)
  })

  it('100 posts at once: every one stored with its own result, in far fewer commits', async () => {
    const group = createGroupCommit(db)
    const ids = Array.from({ length: 100 }, (_, i) => 100 + i)
    expect(await Promise.all(ids.map(id => group.run(insert(id))))).toEqual(ids)
    expect(group.commits).toBeLessThanOrEqual(2) // the first alone, the other 99 together
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM notes WHERE id >= 100 AND id < 200'))!.n).toBe(100)
  })

  it('a failing post fails alone; the ones beside it are stored', async () => {
    const group = createGroupCommit(db)
    const results = await Promise.allSettled([
      group.run(insert(300)),
      group.run(insert(301)),
      group.run(insert(302, null)), // NOT NULL violation
      group.run(insert(303)),
    ])
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    const stored = await db.all<{ id: number }>('SELECT id FROM notes WHERE id >= 300 ORDER BY id')
    expect(stored.map(row => row.id)).toEqual([300, 301, 303])
  })
})
