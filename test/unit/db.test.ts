// The app database on both real backends (a SQLite file; PostgreSQL on 127.0.0.1:5432 in a schema of
// this file's own, dropped afterwards): migrations, rollback, and the conditional update that keeps
// stock from ever going below zero under concurrent transactions.
import { describe, expect, it } from 'vitest'
import type { Db } from '../../server/utils/db'
import { dbBackends } from './support/db-backends'
import { BUILTIN_HOST_ID } from '../../server/db/schema/catalog'

const { backends, opened } = dbBackends('db')

describe.each(backends)('app database on %s', (_name, open) => {
  let db: Db
  it('migrates once and has the built-in host', async () => {
    db = await open()
    opened.push(db)
    const host = await db.get<{ id: string, name: string }>('SELECT id, name FROM hosts WHERE id = ?', [BUILTIN_HOST_ID])
    expect(host).toEqual({ id: BUILTIN_HOST_ID, name: 'Host' })
    const again = await open()
    opened.push(again)
    expect((await again.all('SELECT id FROM app_migrations')).length).toBe((await db.all('SELECT id FROM app_migrations')).length)
  })

  it('rolls a failed transaction back whole', async () => {
    const now = Date.now()
    await expect(db.transaction(async (tx) => {
      await tx.run('INSERT INTO products (id, host_id, title, price, currency, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['p-rollback', BUILTIN_HOST_ID, 'Mug', 1200, 'EUR', 3, now, now])
      throw new Error('second item sold out')
    })).rejects.toThrow('second item sold out')
    expect(await db.get('SELECT id FROM products WHERE id = ?', ['p-rollback'])).toBeUndefined()
  })

  it('never sells below zero: 60 concurrent reservations of 1 for 20 units', async () => {
    const now = Date.now()
    await db.run('INSERT INTO products (id, host_id, title, price, currency, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['p-race', BUILTIN_HOST_ID, 'Scarf', 2500, 'EUR', 20, now, now])
    const results = await Promise.all(Array.from({ length: 60 }, () => db.transaction(async (tx) => {
      const { changes } = await tx.run('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?', [1, 'p-race', 1])
      return changes === 1
    })))
    expect(results.filter(Boolean)).toHaveLength(20)
    expect(await db.get('SELECT stock FROM products WHERE id = ?', ['p-race'])).toEqual({ stock: 0 })
  })

  it('returns integers as numbers (BIGINT, COUNT, SUM)', async () => {
    const row = await db.get<{ n: number, total: number, created: number }>('SELECT COUNT(*) AS n, SUM(price) AS total, MAX(created_at) AS created FROM products')
    expect(row).toEqual({ n: 1, total: 2500, created: expect.any(Number) })
  })
})
