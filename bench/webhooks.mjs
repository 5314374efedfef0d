// Signed webhook ingestion (events/s) into the built app on the SQLite default and on PostgreSQL,
// and the /analytics history query for a show with 10,000 join/leave events. Budget (issue 6):
// SQLite ≥ 1,000 events/s; history < 200 ms. Prints figures; never fails on them.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { AccessToken, WebhookEvent } from 'livekit-server-sdk'
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { freeTcpPort, log, waitForHttp } from '../scripts/lib/process.mjs'

const VIEWERS = Number(process.env.BENCH_WEBHOOK_VIEWERS ?? 5000) // × join + leave = 10,000 events
const CONCURRENCY = 64
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const API_KEY = 'benchkey'
const API_SECRET = randomBytes(24).toString('base64url')

async function signed(json) {
  const body = WebhookEvent.fromJson(json).toJsonString()
  const token = new AccessToken(API_KEY, API_SECRET)
  token.sha256 = createHash('sha256').update(body).digest('base64')
  return { body, auth: await token.toJwt() }
}

/** One show: VIEWERS viewers join one after another and leave in the same order, 10 min later. */
async function showDeliveries() {
  const start = Math.floor(Date.now() / 1000) * 1000 - 6 * 3600_000
  const room = { sid: `RM_${randomBytes(6).toString('hex')}`, name: 'bench-show', creationTimeMs: String(start), creationTime: String(start / 1000) }
  const deliveries = [await signed({ id: `EV_${randomBytes(8).toString('hex')}`, event: 'room_started', createdAt: String(start / 1000), room })]
  for (let i = 0; i < VIEWERS; i++) {
    const joinedAt = start + i * 300
    const participant = {
      sid: `PA_${i}`, identity: `viewer-${i}`, name: 'Viewer', joinedAtMs: String(joinedAt),
      permission: { canSubscribe: true, canPublish: false, hidden: true }, attributes: { role: 'viewer' },
    }
    deliveries.push(await signed({ id: `EV_${randomBytes(8).toString('hex')}`, event: 'participant_joined', createdAt: String(Math.floor(joinedAt / 1000)), room, participant }))
    deliveries.push(await signed({ id: `EV_${randomBytes(8).toString('hex')}`, event: 'participant_left', createdAt: String(Math.floor((joinedAt + 600_000) / 1000)), room, participant }))
  }
  return { sid: room.sid, deliveries }
}

async function startApp(env) {
  const port = await freeTcpPort()
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/api/_auth/session`, { process: child })
  return { url, stop: () => new Promise(resolve => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) }
}

async function ingest(url, deliveries) {
  let next = 0
  let failures = 0
  const worker = async () => {
    while (next < deliveries.length) {
      const { body, auth } = deliveries[next++]
      const response = await fetch(`${url}/api/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json', 'authorization': auth }, body })
      if (!response.ok) failures++
      await response.arrayBuffer()
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const seconds = (performance.now() - started) / 1000
  return { rate: deliveries.length / seconds, failures }
}

async function historyTimings(url, sid, cookie) {
  const times = []
  let points = 0
  for (let i = 0; i < 11; i++) {
    const started = performance.now()
    const response = await fetch(`${url}/api/analytics/shows/${sid}`, { headers: { cookie } })
    const body = await response.json()
    times.push(performance.now() - started)
    points = body.timeline?.length ?? 0
  }
  times.sort((a, b) => a - b)
  return { firstMs: times.at(-1), medianMs: times[5], points }
}

async function runBackend(name, storeEnv, show) {
  const opsKey = randomBytes(12).toString('hex')
  const app = await startApp({
    LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET,
    OPS_ACCESS_KEY: opsKey, NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'), ...storeEnv,
  })
  try {
    // Warm-up on another show, so the JIT and connection pools are settled before measuring.
    await ingest(app.url, (await showDeliveriesSmall()).deliveries)
    const { rate, failures } = await ingest(app.url, show.deliveries)
    const login = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: opsKey }) })
    const cookie = login.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    const history = await historyTimings(app.url, show.sid, cookie)
    return { name, rate, failures, ...history }
  }
  finally {
    await app.stop()
  }
}

async function showDeliveriesSmall() {
  const saved = VIEWERS
  const { sid, deliveries } = await showDeliveries()
  return { sid, deliveries: deliveries.slice(0, Math.min(saved, 500)) }
}

export async function run() {
  await ensureDependencies()
  await ensureBuilt()
  log(`bench webhooks: signing ${VIEWERS * 2 + 1} deliveries…`)
  const results = []
  const dir = mkdtempSync(join(tmpdir(), 'liveshop-bench-'))
  const schema = `bench_${randomBytes(5).toString('hex')}`
  try {
    log('bench webhooks: SQLite…')
    results.push(await runBackend('SQLite (default)', { ANALYTICS_SQLITE_PATH: join(dir, 'analytics.sqlite'), DATABASE_URL: '' }, await showDeliveries()))
    log('bench webhooks: PostgreSQL…')
    results.push(await runBackend('PostgreSQL', { DATABASE_URL: `${DATABASE_URL}?schema=${schema}` }, await showDeliveries()))
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).finally(() => client.end()).catch(() => {})
  }
  console.log(`\nSigned webhook ingestion (${VIEWERS * 2 + 1} deliveries, ${CONCURRENCY} concurrent) and the history query of that show (${VIEWERS * 2} join/leave events)`)
  console.log(`  ${'store'.padEnd(20)}${'events/s'.padStart(10)}${'non-2xx'.padStart(10)}${'history first ms'.padStart(18)}${'median ms'.padStart(11)}${'points'.padStart(8)}`)
  for (const r of results) {
    console.log(`  ${r.name.padEnd(20)}${r.rate.toFixed(0).padStart(10)}${String(r.failures).padStart(10)}${r.firstMs.toFixed(1).padStart(18)}${r.medianMs.toFixed(1).padStart(11)}${String(r.points).padStart(8)}`)
  }
  console.log('  budget: SQLite ≥ 1,000 events/s; history < 200 ms\n')
  return results
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run()
