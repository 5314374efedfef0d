// Room status under a polling audience: 1,000 concurrent clients poll GET /api/livekit/rooms/status
// for one live room for 10 s, with a counting proxy between the app and the real LiveKit server.
// Budget (issue 5): upstream RoomService calls ≤ 1.5/s, p99 < 50 ms, no errors. Prints figures;
// never fails on them.
//   node bench/status.mjs            (or `npm run bench status`)
//   BENCH_DURATION=10 BENCH_CLIENTS=1000 BENCH_RATE=1 (polls per second per client)
import { createServer, request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { log } from '../scripts/lib/process.mjs'
import { startLiveKit } from '../scripts/livekit-server.mjs'
import { appEnvironment, createShow, joinToken, signIn, startApp } from '../scripts/lib/stack.mjs'
import { httpLoad } from './lib/http-load.mjs'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000)
const RATE = Number(process.env.BENCH_RATE ?? 1)
const ROOM = 'bench-status'

/** Forwards to `target` and counts RoomService calls by method. */
async function countingProxy(target) {
  const counts = new Map()
  const server = createServer((req, res) => {
    const method = (req.url ?? '').split('/').pop()
    counts.set(method, (counts.get(method) ?? 0) + 1)
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    upstreamCalls: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(resolve)
    }),
  }
}

function load(url, { connections, duration, connectionRate }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, ...(connectionRate ? { connectionRate } : {}) }, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

/** A camera-less host on air in ROOM, so the status route reports a live room. */
async function startHost(app, hostKey, wsUrl) {
  const cookie = await signIn(app.url, hostKey)
  await createShow(app.url, cookie, { id: ROOM }, { allowExisting: true })
  const { token } = await joinToken(app.url, { room: ROOM, username: 'Bench host', admin: true, cookie })
  const { startDemoPublisher } = await import('../scripts/demo-publisher.mjs')
  return startDemoPublisher({ url: wsUrl, token, width: 160, height: 90, fps: 5 })
}

export async function run() {
  await ensureDependencies()
  await ensureBuilt()
  const livekit = await startLiveKit()
  const proxy = await countingProxy(livekit.httpUrl)
  const hostKey = randomBytes(16).toString('hex')
  // A database of this run's own (shows), removed at the end.
  const dataDir = mkdtempSync(join(tmpdir(), 'liveshop-bench-'))
  let app, host
  try {
    app = await startApp({
      ...appEnvironment({ livekit, dataDir, hostKey, opsKey: randomBytes(16).toString('hex'), sessionPassword: randomBytes(32).toString('hex') }),
      // The app reaches LiveKit through the counting proxy.
      LIVEKIT_URL: proxy.url.replace('http', 'ws'),
      // All 1,000 pollers share one loopback address: lift the per-address status limit.
      NUXT_STATUS_RATE_LIMIT_POINTS: '10000000',
    })
    host = await startHost(app, hostKey, livekit.wsUrl)
    const statusUrl = `${app.url}/api/livekit/rooms/status?room=${ROOM}`
    const deadline = Date.now() + 30_000
    while (!(await (await fetch(statusUrl)).json()).live) {
      if (Date.now() > deadline) throw new Error('the bench room never went live')
      await new Promise(resolve => setTimeout(resolve, 500))
    }

    log('bench status: warm-up…')
    await load(statusUrl, { connections: 100, duration: 2 })

    log(`bench status: ${CLIENTS} clients polling ${RATE}×/s each from random phases for ${DURATION_S} s…`)
    proxy.reset()
    // Viewers poll on their own timers, started whenever each page opened.
    const spread = await httpLoad(statusUrl, { clients: CLIENTS, duration: DURATION_S, rate: RATE })
    const upstreamPerSecond = proxy.upstreamCalls() / DURATION_S
    const upstreamCalls = proxy.upstreamCalls()

    log(`bench status: worst case, ${CLIENTS} clients firing in lock-step (autocannon connectionRate ${RATE})…`)
    proxy.reset()
    const burst = await load(statusUrl, { connections: CLIENTS, duration: DURATION_S, connectionRate: RATE })
    const burstErrors = burst.errors + burst.non2xx + burst.timeouts

    log('bench status: flat out, 100 connections (capacity)…')
    const flat = await load(statusUrl, { connections: 100, duration: DURATION_S })
    const errors = spread.errors

    console.log(`\nRoom status, one live room, ${DURATION_S} s per pass (budget: upstream ≤ 1.5/s, p99 < 50 ms, no errors)`)
    console.log(`  ${CLIENTS} clients polling ${RATE}×/s, random phases: ${spread.requests} requests, upstream RoomService calls ${upstreamCalls} (${upstreamPerSecond.toFixed(2)}/s), latency p50 ${spread.p50} ms, p99 ${spread.p99} ms, max ${spread.max} ms, errors ${errors}`)
    console.log(`  ${CLIENTS} clients in lock-step (all fire at once each second): ${burst.requests.total} requests, p50 ${burst.latency.p50} ms, p99 ${burst.latency.p99} ms, errors ${burstErrors}`)
    console.log(`  capacity, 100 connections flat out: ${flat.requests.average.toFixed(0)} req/s, p99 ${flat.latency.p99} ms, errors ${flat.errors + flat.non2xx}\n`)
    return { upstreamPerSecond, p99: spread.p99, errors, requests: spread.requests, burstP99: burst.latency.p99, capacityRps: flat.requests.average }
  }
  finally {
    await host?.stop().catch(() => {})
    await app?.stop()
    await proxy.close()
    await livekit.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run()
  // rtc-node keeps native handles alive after disconnect.
  process.exit(0)
}
