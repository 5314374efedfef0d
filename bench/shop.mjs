// Shop figures (printed, never pass/fail), on the built app + real LiveKit, SQLite by default
// (BENCH_DATABASE_URL=postgres://… for PostgreSQL):
//  1. POST /api/orders with 200 concurrent buyers (autocannon, unique idempotency keys): p50/p99,
//     orders/s — first with stock for everyone, then a rush on 20 units (the 409 path).
//  2. Spotlight → every viewer's RoomMetadataChanged with 100 viewers connected (rtc-node, hidden
//     like the app's viewers): p50/p99/max over 10 spotlight changes. The browser then renders the card
//     from that event (the e2e prints the in-browser figure).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import pg from 'pg'
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk'
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { startLiveKit } from '../scripts/livekit-server.mjs'
import { freeTcpPort, log, waitForHttp } from '../scripts/lib/process.mjs'

const BUYERS = 200
const VIEWERS = Number(process.env.BENCH_SHOP_VIEWERS ?? 100)
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const SHOW = 'bench-shop'
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]
}

async function seed(env) {
  const now = Date.now()
  const statements = [
    ['INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [SHOW, 'builtin', 'Bench show', 'live', now, now]],
    ['INSERT INTO products (id, host_id, title, price, currency, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['bench-plenty', 'builtin', 'Plenty', 1500, 'EUR', 10_000_000, now, now]],
    ['INSERT INTO products (id, host_id, title, price, currency, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['bench-rush', 'builtin', 'Rush', 9900, 'EUR', 20, now, now]],
    ['INSERT INTO show_products (show_id, product_id, position) VALUES (?, ?, ?)', [SHOW, 'bench-plenty', 0]],
    ['INSERT INTO show_products (show_id, product_id, position) VALUES (?, ?, ?)', [SHOW, 'bench-rush', 1]],
  ]
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL })
    await client.connect()
    await client.query(`SET search_path TO ${env.ANALYTICS_DB_SCHEMA}`)
    const toPg = (sql) => {
      let n = 0
      return sql.replace(/\?/g, () => `$${++n}`)
    }
    for (const [sql, params] of statements) await client.query(toPg(sql), params)
    await client.end()
    return
  }
  const db = new Database(env.ANALYTICS_SQLITE_PATH)
  for (const [sql, params] of statements) db.prepare(sql).run(...params)
  db.close()
}

function orders(url, productId, amount) {
  return new Promise((resolve, reject) => {
    let n = 0
    autocannon({
      url: `${url}/api/orders`,
      connections: BUYERS,
      ...(amount ? { amount } : { duration: DURATION_S }),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{
        setupRequest: (request) => {
          n++
          request.body = JSON.stringify({ showId: SHOW, items: [{ productId, quantity: 1 }], buyer: { name: 'Bench buyer', email: `buyer${n}@example.com` }, idempotencyKey: randomUUID() })
          return request
        },
      }],
    }, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

export async function run() {
  // rtc-node logs every connect at debug level unless NODE_ENV is production (read when it loads).
  process.env.NODE_ENV = 'production'
  const { Room, RoomEvent } = await import('@livekit/rtc-node')
  await ensureDependencies()
  await ensureBuilt()
  const livekit = await startLiveKit({})
  const dataDir = mkdtempSync(join(tmpdir(), 'liveshop-bench-shop-'))
  const schema = `bench_shop_${randomBytes(4).toString('hex')}`
  const dbEnv = process.env.BENCH_DATABASE_URL
    ? { DATABASE_URL: process.env.BENCH_DATABASE_URL, ANALYTICS_DB_SCHEMA: schema }
    : { ANALYTICS_SQLITE_PATH: join(dataDir, 'app.sqlite') }
  const hostKey = `host-${randomBytes(9).toString('hex')}`
  const port = await freeTcpPort()
  const app = spawn(process.execPath, ['.output/server/index.mjs'], {
    env: {
      ...process.env, ...dbEnv, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
      LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret,
      HOST_ACCESS_KEY: hostKey, NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'),
      // One client address sends everything here: lift the per-IP budget so the route itself is measured.
      NUXT_SHOP_ORDER_RATE_LIMIT_POINTS: '1000000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const viewers = []
  try {
    await waitForHttp(`${url}/api/_auth/session`, { process: app })
    // A route that needs the database answers only once it is migrated (PostgreSQL migrates after start).
    await fetch(`${url}/api/shows/${SHOW}`)
    await seed(dbEnv)

    if (process.env.BENCH_SHOP_SKIP_ORDERS !== '1') await orderFigures(url)
    await spotlightFigures(url, livekit, hostKey, viewers, Room, RoomEvent)
  }
  finally {
    await Promise.allSettled(viewers.map(room => room.disconnect()))
    app.kill('SIGTERM')
    await livekit.stop()
    rmSync(dataDir, { recursive: true, force: true })
    if (process.env.BENCH_DATABASE_URL) {
      const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  }
}

async function orderFigures(url) {
  log(`bench shop: ${BUYERS} concurrent buyers, ${DURATION_S} s, stock for everyone…`)
  await orders(url, 'bench-plenty', BUYERS * 2) // warm-up
  const plenty = await orders(url, 'bench-plenty')
  log(`bench shop: ${BUYERS} concurrent buyers, 1,000 orders for 20 units…`)
  const rush = await orders(url, 'bench-rush', 1000)
  console.table([
    ['orders', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx (409)', 'errors'],
    ...[['stock for all', plenty], ['20 units, 1,000 buyers', rush]].map(([label, r]) => [
      label, r.requests.total, Math.round(r.requests.average), r.latency.p50, r.latency.p99, r.latency.max, r['2xx'], r.non2xx, r.errors,
    ]),
  ])
}

async function spotlightFigures(url, livekit, hostKey, viewers, Room, RoomEvent) {
  log(`bench shop: ${VIEWERS} viewers in the room, spotlight → RoomMetadataChanged…`)
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret)
  await rooms.createRoom({ name: SHOW, emptyTimeout: 300 })
  for (let i = 0; i < VIEWERS; i++) {
    const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `bench-viewer-${i}` })
    at.addGrant({ room: SHOW, roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false, hidden: true })
    const room = new Room()
    await room.connect(livekit.wsUrl, await at.toJwt(), { autoSubscribe: false, dynacast: false })
    viewers.push(room)
  }
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: hostKey }) })
  const cookie = login.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  const delays = []
  const answered = []
  for (let round = 0; round < 10; round++) {
    const ids = round % 2 ? ['bench-plenty'] : ['bench-rush', 'bench-plenty']
    const arrived = viewers.map(room => new Promise((resolve) => {
      const onChange = (metadata) => {
        if (JSON.parse(metadata || '{}').spotlight?.join() !== ids.join()) return
        room.off(RoomEvent.RoomMetadataChanged, onChange)
        resolve(performance.now())
      }
      room.on(RoomEvent.RoomMetadataChanged, onChange)
    }))
    const sent = performance.now()
    const answer = await fetch(`${url}/api/shows/${SHOW}/spotlight`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'origin': url }, body: JSON.stringify({ productIds: ids }) })
    if (!answer.ok) throw new Error(`spotlight answered ${answer.status}: ${await answer.text()}`)
    answered.push(performance.now() - sent)
    for (const at of await Promise.all(arrived)) delays.push(at - sent)
  }
  console.table([
    ['spotlight', 'viewers', 'samples', 'p50 ms', 'p99 ms', 'max ms'],
    ['POST answered (stored + room metadata written)', VIEWERS, answered.length, Math.round(percentile(answered, 0.5)), Math.round(percentile(answered, 0.99)), Math.round(Math.max(...answered))],
    ['→ RoomMetadataChanged at each viewer', VIEWERS, delays.length, Math.round(percentile(delays, 0.5)), Math.round(percentile(delays, 0.99)), Math.round(Math.max(...delays))],
  ])
}
