// Token route throughput: the app's GET /api/livekit/token next to a bare node:http server that
// signs the same viewer token with the same SDK. Budget (issue 2): ratio ≥ 0.8, p99 < 20 ms,
// app RSS after the run < 200 MB. Prints figures; never fails on them.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { freeTcpPort, log, waitForHttp } from '../scripts/lib/process.mjs'
import { startLiveKit } from '../scripts/livekit-server.mjs'
import { createBenchShow } from './lib/stack.mjs'

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = 50

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find(l => l.startsWith('VmRSS:'))
  return Math.round(Number(line?.match(/\d+/)?.[0] ?? 0) / 1024)
}

async function startServer(args, env, readyPath) {
  const port = await freeTcpPort()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] })
  await waitForHttp(`http://127.0.0.1:${port}${readyPath}`, { process: child })
  return { port, child, stop: () => new Promise(resolve => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) }
}

function load(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION_S }, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

export async function run() {
  await ensureDependencies()
  await ensureBuilt()
  // Viewer tokens exist only for shows, and the route makes sure the show's room exists (a real
  // LiveKit, asked once per few seconds per show), so the app runs against a real server and show.
  const livekit = await startLiveKit({})
  const dataDir = mkdtempSync(join(tmpdir(), 'liveshop-bench-token-'))
  const hostKey = randomBytes(16).toString('hex')
  const env = {
    LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret,
    HOST_ACCESS_KEY: hostKey, ANALYTICS_SQLITE_PATH: join(dataDir, 'app.sqlite'),
    NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'),
    // One client address sends everything here: lift the per-IP budget so the route itself is measured.
    NUXT_TOKEN_RATE_LIMIT_POINTS: '1000000000',
  }
  const query = '/api/livekit/token?room=bench-room&username=Viewer'

  log('bench token: bare node:http signer…')
  const bare = await startServer([new URL('./token-bare-server.mjs', import.meta.url).pathname], env, query)
  await load(`http://127.0.0.1:${bare.port}${query}`) // warm-up pass is the same length; JIT settles
  const bareResult = await load(`http://127.0.0.1:${bare.port}${query}`)
  await bare.stop()

  log('bench token: the app (.output)…')
  const app = await startServer(['.output/server/index.mjs'], env, '/api/_auth/session')
  await createBenchShow(`http://127.0.0.1:${app.port}`, hostKey, 'bench-room')
  await load(`http://127.0.0.1:${app.port}${query}`)
  const appResult = await load(`http://127.0.0.1:${app.port}${query}`)
  const rss = rssMb(app.child.pid)
  await app.stop()
  await livekit.stop()
  rmSync(dataDir, { recursive: true, force: true })

  const ratio = appResult.requests.average / bareResult.requests.average
  const rows = [
    ['server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx'],
    ['bare node:http + SDK', bareResult.requests.average.toFixed(0), bareResult.latency.p50, bareResult.latency.p99, bareResult.errors, bareResult.non2xx],
    ['app /api/livekit/token', appResult.requests.average.toFixed(0), appResult.latency.p50, appResult.latency.p99, appResult.errors, appResult.non2xx],
  ]
  console.log(`\nToken route (${CONNECTIONS} connections, ${DURATION_S} s, viewer tokens)`)
  for (const row of rows) console.log(`  ${String(row[0]).padEnd(24)}${row.slice(1).map(v => String(v).padStart(10)).join('')}`)
  console.log(`  ratio app/bare: ${ratio.toFixed(2)} (budget ≥ 0.80)   app p99: ${appResult.latency.p99} ms (budget < 20)   app RSS after run: ${rss} MB (budget < 200)\n`)
  return { ratio, p99: appResult.latency.p99, rss, appRps: appResult.requests.average, bareRps: bareResult.requests.average }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run()
