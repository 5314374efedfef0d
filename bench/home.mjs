// The home page under load (issue 13): 50 shows (10 live, 25 starting soon, 15 ended) and 1,000
// products seeded through the app's routes, then 200 concurrent clients request GET / (the
// server-rendered HTML) and GET /api/home (its JSON) back to back for BENCH_DURATION s each.
// Goal: p99 < 50 ms. Prints figures; never fails on them.
//   node bench/home.mjs            (or `npm run bench home`)
//   BENCH_DURATION=15 BENCH_CLIENTS=200
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { log } from '../scripts/lib/process.mjs'
import { startLiveKit } from '../scripts/livekit-server.mjs'
import { appEnvironment, createShow, joinToken, signIn, startApp } from '../scripts/lib/stack.mjs'
import { httpLoad } from './lib/http-load.mjs'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 15)
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200)
const SHOWS = { live: 10, upcoming: 25, ended: 15 }
const PRODUCTS = 1000
const LINEUP = 20
const GOAL_P99_MS = 50

async function upload(appUrl, cookie, hue) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="100%" height="100%" fill="hsl(${hue},60%,45%)"/><circle cx="640" cy="360" r="200" fill="white" fill-opacity="0.5"/></svg>`
  const body = await sharp(Buffer.from(svg)).jpeg().toBuffer()
  const response = await fetch(`${appUrl}/api/uploads`, { method: 'POST', headers: { 'content-type': 'image/jpeg', cookie }, body })
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`)
  return (await response.json()).id
}

async function send(appUrl, cookie, method, path, body) {
  const response = await fetch(`${appUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

async function seed(appUrl, cookie) {
  const images = []
  for (let i = 0; i < 12; i++) images.push(await upload(appUrl, cookie, i * 30))
  const products = []
  // 10 at a time: seeding is not what is measured.
  for (let i = 0; i < PRODUCTS; i += 10) {
    const batch = Array.from({ length: Math.min(10, PRODUCTS - i) }, (_, k) => send(appUrl, cookie, 'POST', '/api/products', {
      title: `Product ${i + k + 1}`, price: 500 + ((i + k) * 37) % 9000, currency: 'EUR', images: [images[(i + k) % images.length]], stock: 10,
    }))
    for (const product of await Promise.all(batch)) products.push(product.id)
  }
  let n = 0
  const make = async (status, index) => {
    const id = `bench-${status}-${index}`
    const lineup = products.slice((n * LINEUP) % PRODUCTS, (n * LINEUP) % PRODUCTS + LINEUP)
    n++
    const scheduledAt = status === 'upcoming' ? new Date(Date.now() + (index + 1) * 3_600_000).toISOString() : null
    await createShow(appUrl, cookie, { id, title: `Bench ${status} show ${index + 1}`, coverImage: images[index % images.length], lineup, scheduledAt })
    // An admin token opens the show's room; on air (POST …/live) it is live (no camera needed for the page).
    if (status === 'live') {
      await joinToken(appUrl, { room: id, username: 'Bench host', admin: true, cookie })
      await send(appUrl, cookie, 'POST', `/api/shows/${id}/live`)
    }
    if (status === 'ended') await send(appUrl, cookie, 'PATCH', `/api/shows/${id}`, { status: 'ended' })
  }
  for (const [status, count] of Object.entries(SHOWS)) {
    for (let i = 0; i < count; i++) await make(status, i)
  }
}

/** `clients` connections on `url` (bench/lib/http-load.mjs), with a browser's headers: HTML and JSON come compressed, as visitors get them. */
function hammer(url, { clients, duration, rate = 0 }) {
  const headers = { 'accept-encoding': 'br, gzip', 'accept': url.endsWith('/') ? 'text/html' : 'application/json' }
  return httpLoad(url, { clients, duration, rate, headers })
}

export async function run() {
  await ensureDependencies()
  await ensureBuilt()
  const livekit = await startLiveKit()
  const hostKey = randomBytes(16).toString('hex')
  const dataDir = mkdtempSync(join(tmpdir(), 'liveshop-bench-home-'))
  let app
  try {
    app = await startApp(appEnvironment({ livekit, dataDir, hostKey, opsKey: randomBytes(16).toString('hex'), sessionPassword: randomBytes(32).toString('hex') }))
    log(`bench home: seeding ${PRODUCTS} products and ${SHOWS.live + SHOWS.upcoming + SHOWS.ended} shows…`)
    await seed(app.url, await signIn(app.url, hostKey))
    const home = await (await fetch(`${app.url}/api/home`)).json()
    log(`bench home: the page lists ${home.live.length} live, ${home.upcoming.length} starting soon, ${home.ended.length} ended`)

    const results = {}
    // The load generator shares the machine with the app: say how busy the machine was.
    const loadBefore = loadavg()[0]
    for (const [name, url] of [['GET / (HTML)', `${app.url}/`], ['GET /api/home (JSON)', `${app.url}/api/home`]]) {
      log(`bench home: warm-up ${name}…`)
      await hammer(url, { clients: 20, duration: 2 })
      log(`bench home: ${CLIENTS} clients on ${name} for ${DURATION_S} s…`)
      results[name] = await hammer(url, { clients: CLIENTS, duration: DURATION_S })
      // One client alone: the time a request takes without queueing behind 199 others.
      results[name].alone = await hammer(url, { clients: 1, duration: 3 })
      log(`bench home: ${CLIENTS} clients on ${name}, each once a second, for ${DURATION_S} s…`)
      results[name].paced = await hammer(url, { clients: CLIENTS, duration: DURATION_S, rate: 1 })
    }
    const busy = `machine load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`
    console.log(`\nHome page, ${SHOWS.live + SHOWS.upcoming + SHOWS.ended} shows / ${PRODUCTS} products, ${CLIENTS} concurrent clients back to back, ${DURATION_S} s each (goal: p99 < ${GOAL_P99_MS} ms; ${busy})`)
    for (const [name, r] of Object.entries(results)) {
      console.log(`  ${name.padEnd(22)} ${String(r.rps).padStart(5)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  max ${r.max} ms  errors ${r.errors}  ${r.avgBytes} B/response`)
      console.log(`  ${''.padEnd(22)} the same clients each once a second (random phases): ${r.paced.rps} req/s  p50 ${r.paced.p50} ms  p95 ${r.paced.p95} ms  p99 ${r.paced.p99} ms  errors ${r.paced.errors}`)
      console.log(`  ${''.padEnd(22)} one client alone: ${r.alone.rps} req/s, p50 ${r.alone.p50} ms, p99 ${r.alone.p99} ms`)
    }
    console.log('')
    return results
  }
  finally {
    await app?.stop()
    await livekit.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run()
  process.exit(0)
}
