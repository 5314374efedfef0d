// The analytics repository on both real backends: a SQLite file and the PostgreSQL server on this
// machine (127.0.0.1:5432, database test) in a schema of this file's own, dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { WebhookEvent } from 'livekit-server-sdk'
import { openSqliteStore } from '../../server/utils/analytics/sqlite-store'
import { openPostgresStore, parseDatabaseUrl } from '../../server/utils/analytics/postgres-store'
import { normalizeWebhook } from '../../server/utils/analytics/webhook-rows'
import type { AnalyticsStore } from '../../server/utils/analytics/store-types'
import { newShow, webhookBody, type ShowFixture } from '../fixtures/webhooks'

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const dir = mkdtempSync(join(tmpdir(), 'liveshop-store-'))
const schema = `t_store_${randomBytes(5).toString('hex')}`

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
})

function normalized(body: string, receivedAt = Date.now()) {
  return normalizeWebhook(WebhookEvent.fromJsonString(body), body, receivedAt)!
}

const backends: Array<[string, () => Promise<AnalyticsStore>]> = [
  ['SQLite', async () => openSqliteStore(join(dir, 'analytics.sqlite'))],
  ['PostgreSQL', () => openPostgresStore(`${PG_URL}?schema=${schema}`)],
]

describe.each(backends)('analytics store on %s', (_name, open) => {
  const show: ShowFixture = newShow('store-show', Date.UTC(2026, 0, 10, 18, 0, 0))
  const at = (seconds: number) => show.createdAt + seconds * 1000

  it('creates its schema on open, and opening again migrates nothing twice', async () => {
    const first = await open()
    await first.close()
    const second = await open()
    expect(await second.countEvents()).toBe(0)
    await second.close()
  })

  it('stores each event id once, concurrent deliveries included, and keeps shows and viewers', async () => {
    const store = await open()
    const bodies = [
      webhookBody('room_started', show, at(0)),
      webhookBody('participant_joined', show, at(1), { participant: { identity: 'host-1', role: 'host' } }),
      webhookBody('participant_joined', show, at(5), { participant: { identity: 'v1', role: 'viewer' } }),
      webhookBody('participant_joined', show, at(6), { participant: { identity: 'v2', role: 'viewer' } }),
      webhookBody('participant_left', show, at(9), { participant: { identity: 'v1', role: 'viewer' } }),
    ]
    const results = await Promise.all([...bodies, ...bodies].map(body => store.recordEvent(normalized(body))))
    expect(results.filter(Boolean)).toHaveLength(bodies.length)
    expect(await store.countEvents()).toBe(bodies.length)

    const viewers = await store.viewerEvents(show.sid)
    expect(viewers.map(v => `${v.kind}:${v.identity}`).sort()).toEqual(['join:v1', 'join:v2', 'leave:v1'])
    const record = await store.getShow(show.sid)
    expect(record).toMatchObject({ sid: show.sid, roomName: 'store-show', startedAt: show.createdAt, endedAt: null, version: 3 })

    await store.recordEvent(normalized(webhookBody('room_finished', show, at(60))))
    expect((await store.getShow(show.sid))!.endedAt).toBe(at(60))
    const listed = await store.listShows(at(-3600), at(3600), 10)
    expect(listed.map(s => s.sid)).toContain(show.sid)
    expect(await store.listShows(at(120), at(3600), 10)).toEqual([])
    await store.close()
  })

  it('caches show figures only while no newer viewer event has arrived', async () => {
    const store = await open()
    const record = (await store.getShow(show.sid))!
    await store.saveShowStats(show.sid, record.version, 2, 2)
    expect(await store.getShow(show.sid)).toMatchObject({ statsVersion: record.version, peakViewers: 2 })
    await store.recordEvent(normalized(webhookBody('participant_left', show, at(30), { participant: { identity: 'v2', role: 'viewer' } })))
    const after = (await store.getShow(show.sid))!
    expect(after.version).toBe(record.version + 1)
    await store.saveShowStats(show.sid, record.version, 99, 99) // stale: ignored
    expect((await store.getShow(show.sid))!.peakViewers).toBe(2)
    await store.close()
  })

  it('keeps the newest state of a recording whatever order its updates arrive in', async () => {
    const store = await open()
    const egressId = `EG_${randomBytes(4).toString('hex')}`
    const ns = (seconds: number) => String(BigInt(at(seconds)) * 1_000_000n)
    const ended = webhookBody('egress_ended', show, at(50), { egress: {
      egressId, status: 'EGRESS_COMPLETE', startedAt: ns(10), endedAt: ns(50), updatedAt: ns(50),
      fileResults: [{ filename: 'shows/store-show.mp4', location: 's3://bucket/shows/store-show.mp4', duration: String(40e9), size: '1234567' }],
    } })
    const started = webhookBody('egress_started', show, at(10), { egress: { egressId, status: 'EGRESS_STARTING', startedAt: ns(10), updatedAt: ns(10) } })
    await store.recordEvent(normalized(ended))
    await store.recordEvent(normalized(started))
    expect(await store.recordings(show.sid)).toEqual([{
      egressId, roomSid: show.sid, roomName: 'store-show', status: 'complete', startedAt: at(10), endedAt: at(50),
      updatedAt: at(50), location: 's3://bucket/shows/store-show.mp4', durationSeconds: 40, sizeBytes: 1234567, error: null,
    }])
    await store.close()
  })
})

describe('DATABASE_URL parsing', () => {
  it('takes the schema from ?schema= and refuses names that are not plain identifiers', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/app?schema=shop_1&sslmode=require')).toEqual({
      connectionString: 'postgres://u:p@db:5432/app?sslmode=require', schema: 'shop_1',
    })
    expect(parseDatabaseUrl('postgres://db/app', 'other').schema).toBe('other')
    expect(() => parseDatabaseUrl('postgres://db/app?schema=x;drop')).toThrow(/identifier/)
  })
})
