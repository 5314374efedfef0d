#!/usr/bin/env node
// Join storm: a show starts (or a notification goes out) and the audience arrives at once.
// BENCH_STORM_VIEWERS (default 300) hidden rtc-node viewers, spread over BENCH_STORM_PROCESSES
// processes (default one per 20 viewers: one process holds ~20 rooms reliably), arrive at random
// moments within BENCH_STORM_WINDOW_MS (default 5,000) and each asks the app's token route for a
// token and joins with it. A browser viewer watches the show throughout.
// Prints: token route latency p50/p99 (as the joining clients saw it), how many connected, and the
// time from the last join until the status route and the browser viewer show the exact count.
// Goals (issue 12): all connect, token p99 < 100 ms, exact count ≤ 8 s after the last join.
// Never fails on them.
//   node bench/join-storm.mjs          (or `npm run bench storm`)
import { fork } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { launchChromium, startBenchStack } from './lib/stack.mjs'
import { log } from '../scripts/lib/process.mjs'

const VIEWERS = Number(process.env.BENCH_STORM_VIEWERS ?? 300)
const PROCESSES = Number(process.env.BENCH_STORM_PROCESSES ?? Math.ceil(VIEWERS / 20))
const WINDOW_MS = Number(process.env.BENCH_STORM_WINDOW_MS ?? 5000)
const COUNT_TIMEOUT_MS = 60_000

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

function startWorker() {
  const child = fork(new URL('./lib/join-storm-worker.mjs', import.meta.url), { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } })
  const ready = new Promise((resolve, reject) => {
    child.once('message', message => message.type === 'ready' && resolve())
    child.once('exit', code => reject(new Error(`join-storm worker exited early (${code})`)))
  })
  return { child, ready }
}

/** Polls `probe` every 100 ms until it returns true; the time it first did, or null on timeout. */
async function timeUntil(probe) {
  const deadline = Date.now() + COUNT_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Date.now()
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return null
}

export async function run() {
  // Every viewer comes from 127.0.0.1 here: lift the per-address token limit (it is for one real
  // client address, not a whole audience).
  const stack = await startBenchStack({ env: { NUXT_TOKEN_RATE_LIMIT_POINTS: '1000000' } })
  const browser = await launchChromium()
  const workers = []
  try {
    const show = await stack.createLiveShow('storm-show')
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${stack.url}/watch/${show}`)
    await page.waitForFunction(() => (document.querySelector('[data-testid="player-video"]')?.videoWidth ?? 0) > 0, undefined, { timeout: 60_000 })

    log(`join storm: starting ${PROCESSES} viewer processes…`)
    for (let i = 0; i < PROCESSES; i++) workers.push(startWorker())
    await Promise.all(workers.map(w => w.ready))

    // Each viewer's arrival: a token from the app's route (timed here, in a process that does
    // nothing else, so the figure is the route's and not a busy client's), then straight into one
    // of the viewer processes to connect with it.
    const startAt = Date.now() + 1000
    const results = []
    const tokenMs = []
    const pending = new Map()
    let nextId = 0
    for (const { child } of workers) {
      child.on('message', (message) => {
        if (message.type !== 'joined' && message.type !== 'failed') return
        results.push(message)
        pending.get(message.id)?.()
      })
    }
    await Promise.all(Array.from({ length: VIEWERS }, async (_, i) => {
      await new Promise(resolve => setTimeout(resolve, startAt + Math.random() * WINDOW_MS - Date.now()))
      const started = performance.now()
      const response = await fetch(`${stack.url}/api/livekit/token?${new URLSearchParams({ room: show, username: `Storm viewer ${i}` })}`).catch(error => error)
      if (!(response instanceof Response) || !response.ok) {
        results.push({ type: 'failed', error: response instanceof Response ? `token ${response.status}: ${(await response.text()).slice(0, 200)}` : String(response) })
        return
      }
      const { url, token } = await response.json()
      tokenMs.push(performance.now() - started)
      const id = nextId++
      await new Promise((resolve) => {
        pending.set(id, resolve)
        workers[i % PROCESSES].child.send({ type: 'join', id, url, token })
      })
    }))

    const joined = results.filter(r => r.type === 'joined')
    const failed = results.filter(r => r.type === 'failed')
    const expected = joined.length + 1 // + the browser viewer
    const lastJoin = Math.max(...joined.map(r => r.joinedAt))
    const [statusAt, browserAt] = await Promise.all([
      timeUntil(async () => (await (await fetch(`${stack.url}/api/livekit/rooms/status?room=${show}`)).json()).viewers === expected),
      timeUntil(() => page.evaluate(n => Number(document.querySelector('[data-testid="viewer-count"]')?.getAttribute('data-count')) === n, expected)),
    ])
    const since = at => (at === null ? `not within ${COUNT_TIMEOUT_MS / 1000} s` : `${((at - lastJoin) / 1000).toFixed(1)} s`)
    const figures = {
      viewers: VIEWERS, processes: PROCESSES, connected: joined.length, failed: failed.length,
      tokenP50: percentile(tokenMs, 50), tokenP99: percentile(tokenMs, 99), tokenMax: Math.max(...tokenMs),
      connectP50: percentile(joined.map(r => r.connectMs), 50), connectP99: percentile(joined.map(r => r.connectMs), 99),
      statusExactS: statusAt === null ? null : (statusAt - lastJoin) / 1000,
      browserExactS: browserAt === null ? null : (browserAt - lastJoin) / 1000,
      joinSpreadS: (lastJoin - Math.min(...joined.map(r => r.joinedAt))) / 1000,
    }
    console.log(`join storm: ${VIEWERS} hidden viewers from ${PROCESSES} processes within ${WINDOW_MS / 1000} s, through the token route (goals: all connect, token p99 < 100 ms, exact count ≤ 8 s after the last join)`)
    console.log(`  connected ${joined.length} of ${VIEWERS} (joins completed over ${figures.joinSpreadS.toFixed(1)} s)${failed.length ? ` (${failed.length} failed: ${[...new Set(failed.map(f => f.error))].slice(0, 3).join(' | ')})` : ''}`)
    console.log(`  token route: p50 ${figures.tokenP50.toFixed(0)} ms · p99 ${figures.tokenP99.toFixed(0)} ms · max ${figures.tokenMax.toFixed(0)} ms   LiveKit connect: p50 ${figures.connectP50.toFixed(0)} ms · p99 ${figures.connectP99.toFixed(0)} ms`)
    console.log(`  exact count (${expected}, incl. the browser viewer) after the last join: status route ${since(statusAt)} · browser viewer ${since(browserAt)}`)
    return figures
  }
  finally {
    await Promise.all(workers.map(({ child }) => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      child.send({ type: 'leave' })
    })))
    await browser.close().catch(() => {})
    await stack.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run()
  const { dispose } = await import('@livekit/rtc-node')
  await dispose()
  process.exit(0)
}
