// Chat at audience scale: 1,000 chatters (HTTP clients, each with its own session) post 100
// messages/s into one show while 50 rtc-node listeners receive what the server relays; 5 of the
// listeners drop out for a few seconds mid-run and refill their gap from GET …/chat?after=, as the
// page does after a reconnect. A counting proxy between the app and LiveKit counts the SendData
// calls. Budget (issue 15): p95 post→receive < 500 ms, ≤ 7 sendData calls/s per room per
// instance, 0 messages lost. Prints figures; never fails on them.
//   node bench/chat.mjs   (or `npm run bench chat`)
//   BENCH_DURATION=30 BENCH_CHATTERS=1000 BENCH_RATE=100 BENCH_LISTENERS=50 BENCH_LISTENER_PROCESSES=5
import { fork, spawn } from 'node:child_process'
import { createServer, request } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { RoomServiceClient } from 'livekit-server-sdk'
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { freeTcpPort, log, waitForHttp } from '../scripts/lib/process.mjs'
import { startLiveKit } from '../scripts/livekit-server.mjs'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 30)
const CHATTERS = Number(process.env.BENCH_CHATTERS ?? 1000)
const RATE = Number(process.env.BENCH_RATE ?? 100)
const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 50)
const DROPOUTS = Math.min(5, LISTENERS)
// Listeners live in their own processes, ten rtc-node rooms each, apart from the posting loop: with 25
// rooms a process, that process's own event loop added a few hundred ms at p95 (a real audience's
// receivers are separate devices).
const LISTENER_PROCESSES = Number(process.env.BENCH_LISTENER_PROCESSES ?? 5)
const SHOW = 'bench-chat'
const TOPIC = 'liveshop.chat'

/** Forwards the app's RoomService calls to LiveKit and counts SendData calls per second. */
async function countingProxy(target) {
  const sendData = []
  const durations = []
  const server = createServer((req, res) => {
    const isSend = (req.url ?? '').endsWith('/SendData')
    const at = Date.now()
    if (isSend) sendData.push(at)
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
      if (isSend) answer.on('end', () => durations.push(Date.now() - at))
    })
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sendData,
    durations,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(resolve)
    }),
  }
}

async function startApp(env) {
  const port = await freeTcpPort()
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    env: { ...process.env, ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/api/_auth/session`, { process: child })
  return { url, pid: child.pid, stop: () => new Promise(resolve => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks (USER_HZ 100)
  }
  catch {
    return Number.NaN
  }
}

/** The show row (the app migrates its database on start; wait for the table). */
async function insertShow(sqlitePath) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const db = new Database(sqlitePath)
      const now = Date.now()
      db.prepare('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING').run(SHOW, 'builtin', 'Bench chat', 'live', now, now)
      db.close()
      return
    }
    catch {
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
  throw new Error('the app database never got its shows table')
}

async function api(url, method, body, cookie) {
  const response = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const setCookie = response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  return { status: response.status, body: await response.json().catch(() => null), cookie: setCookie }
}

/** A process holding some of the listeners (bench/lib/chat-listener-worker.mjs), driven by messages. */
async function listenerProcess() {
  const child = fork(new URL('./lib/chat-listener-worker.mjs', import.meta.url), { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } })
  const waiting = new Map()
  let nextId = 0
  await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', code => reject(new Error(`chat listener process exited early (${code})`)))
  })
  child.on('message', ({ id, result, error }) => {
    const done = waiting.get(id)
    waiting.delete(id)
    if (error) done?.reject(new Error(error))
    else done?.resolve(result)
  })
  const call = (type, args = {}) => new Promise((resolve, reject) => {
    const id = nextId++
    waiting.set(id, { resolve, reject })
    child.send({ id, type, ...args })
  })
  return {
    call,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      call('leave').catch(() => {})
    }),
  }
}

export async function run() {
  await ensureDependencies()
  await ensureBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'liveshop-bench-chat-'))
  const sqlitePath = join(dir, 'app.sqlite')
  const livekit = await startLiveKit()
  const proxy = await countingProxy(livekit.httpUrl)
  let app
  const processes = []
  try {
    app = await startApp({
      LIVEKIT_URL: proxy.url.replace('http', 'ws'), LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret,
      NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'), ANALYTICS_SQLITE_PATH: sqlitePath,
      // One machine plays a whole audience from one address: lift the per-address limits.
      NUXT_CHAT_RATE_LIMIT_POINTS: '10000000',
    })
    await insertShow(sqlitePath)

    log(`bench chat: ${CHATTERS} chatters choose names…`)
    const chatters = []
    for (let i = 0; i < CHATTERS; i += 50) {
      chatters.push(...await Promise.all(Array.from({ length: Math.min(50, CHATTERS - i) }, async (_, j) => {
        const answer = await api(`${app.url}/api/chat/identity`, 'POST', { name: `Chatter ${i + j}` })
        if (answer.status !== 200) throw new Error(`identity answered ${answer.status}: ${JSON.stringify(answer.body)}`)
        return answer.cookie
      })))
    }

    // LiveKit's auto_create is off: the app makes a show's room when the host opens the studio.
    await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).createRoom({ name: SHOW })
    log(`bench chat: ${LISTENERS} rtc-node listeners join from ${LISTENER_PROCESSES} processes…`)
    const indexes = Array.from({ length: LISTENERS }, (_, i) => i)
    const share = p => indexes.filter(i => i % LISTENER_PROCESSES === p)
    for (let p = 0; p < LISTENER_PROCESSES; p++) processes.push(await listenerProcess())
    await Promise.all(processes.map((worker, p) => worker.call('join', { indexes: share(p), livekit, show: SHOW, topic: TOPIC, appUrl: app.url })))

    log(`bench chat: ${RATE} messages/s for ${DURATION_S} s; ${DROPOUTS} listeners drop out for 3 s halfway…`)
    const sent = new Map()
    const statuses = new Map()
    const total = RATE * DURATION_S
    const started = Date.now()
    const cpuBefore = cpuMs(app.pid)
    proxy.sendData.length = 0
    const posts = []
    const postTimes = []
    const dropout = (async () => {
      await new Promise(resolve => setTimeout(resolve, DURATION_S * 500))
      const leaving = p => share(p).filter(i => i < DROPOUTS)
      await Promise.all(processes.map((worker, p) => worker.call('drop', { indexes: leaving(p) })))
      await new Promise(resolve => setTimeout(resolve, 3000))
      return (await Promise.all(processes.map((worker, p) => worker.call('rejoin', { indexes: leaving(p) })))).flat()
    })()
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / RATE
      const wait = due - Date.now()
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
      const cookie = chatters[n % chatters.length]
      const postedAt = Date.now()
      posts.push(api(`${app.url}/api/shows/${SHOW}/chat`, 'POST', { text: `message ${n} from the bench` }, cookie).then((answer) => {
        postTimes.push(Date.now() - postedAt)
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        if (answer.status === 201) sent.set(answer.body.id, postedAt)
      }, () => statuses.set('error', (statuses.get('error') ?? 0) + 1)))
    }
    await Promise.all(posts)
    const refilled = await dropout
    const postSeconds = (Date.now() - started) / 1000
    const cpuPerMessage = (cpuMs(app.pid) - cpuBefore) / Math.max(1, sent.size)
    // Let the last batches arrive: until nothing new reached any listener for 3 s (at most 60 s).
    const deliveries = async () => (await Promise.all(processes.map(worker => worker.call('count')))).reduce((a, b) => a + b, 0)
    for (let last = -1, quiet = 0, waited = 0; quiet < 3 && waited < 60; waited++) {
      await new Promise(resolve => setTimeout(resolve, 1000))
      const now = await deliveries()
      quiet = now === last ? quiet + 1 : 0
      last = now
    }

    const latencies = []
    let lost = 0
    const reports = Object.assign({}, ...await Promise.all(processes.map(worker => worker.call('report'))))
    for (const [index, entries] of Object.entries(reports)) {
      const received = new Map(entries)
      for (const [id, postedAt] of sent) {
        const got = received.get(id)
        if (!got) lost++
        else if (got[1] === 'live' && Number(index) >= DROPOUTS) latencies.push(got[0] - postedAt)
      }
    }
    latencies.sort((a, b) => a - b)
    const at = q => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
    const calls = proxy.sendData
    const perSecond = new Map()
    for (const time of calls) perSecond.set(Math.floor((time - started) / 1000), (perSecond.get(Math.floor((time - started) / 1000)) ?? 0) + 1)
    const busiest = Math.max(0, ...perSecond.values())

    console.log(`\nChat, one show, ${CHATTERS} chatters posting ${RATE}/s for ${DURATION_S} s, ${LISTENERS} rtc-node listeners in ${LISTENER_PROCESSES} processes (budget: p95 < 500 ms, ≤ 7 sendData/s per room per instance, 0 lost)`)
    console.log(`  posts: ${total} sent in ${postSeconds.toFixed(1)} s, answers ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`)
    console.log(`  post→receive (listeners that stayed, ${latencies.length} deliveries): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`)
    const q = (values, f) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(f * values.length))]
    console.log(`  POST answered in p50 ${q(postTimes, 0.5)} ms, p95 ${q(postTimes, 0.95)} ms; one SendData call took p50 ${q(proxy.durations, 0.5)} ms, p95 ${q(proxy.durations, 0.95)} ms`)
    console.log(`  sendData calls: ${calls.length} in ${postSeconds.toFixed(1)} s = ${(calls.length / postSeconds).toFixed(2)}/s (busiest second ${busiest}), one room, one instance`)
    console.log(`  app CPU per accepted message (posting phase, all of the app's work): ${cpuPerMessage.toFixed(2)} ms`)
    console.log(`  machine load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`)
    console.log(`  lost: ${lost} of ${sent.size * LISTENERS} (accepted ids × listeners); the ${DROPOUTS} listeners that dropped out refilled ${refilled.join(', ')} messages from history\n`)
    return { p50: at(0.5), p95: at(0.95), sendDataPerSecond: calls.length / postSeconds, busiest, lost }
  }
  finally {
    await Promise.all(processes.map(worker => worker.stop()))
    await app?.stop()
    await proxy.close()
    await livekit.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run()
  const { dispose } = await import('@livekit/rtc-node')
  await dispose()
  process.exit(0)
}
