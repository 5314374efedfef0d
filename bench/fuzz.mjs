// Fuzzing figures (printed; the bench never fails): 10,000 property-based requests across every
// /api route (scripts/lib/fuzz.mjs) against the built app + a real LiveKit server. Prints how many
// were sent, the statuses, requests per second and the app's memory before, at most and after.
// BENCH_FUZZ_RUNS changes the count.
import { ensureBuilt, ensureDependencies } from '../scripts/lib/setup.mjs'
import { fuzzApi, listApiRoutes, rssMb } from '../scripts/lib/fuzz.mjs'
import { log } from '../scripts/lib/process.mjs'
import { ROOT, startBenchStack } from './lib/stack.mjs'

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000)

async function signIn(url, key) {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) })
  return response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
}

export async function run() {
  await ensureDependencies()
  await ensureBuilt()
  const stack = await startBenchStack()
  try {
    const routes = listApiRoutes(ROOT)
    const cookies = { host: await signIn(stack.url, stack.hostKey), ops: await signIn(stack.url, stack.opsKey) }
    log(`fuzz: ${RUNS} requests over ${routes.length} routes…`)
    const before = rssMb(stack.pid)
    const started = Date.now()
    let result
    let failure = null
    try {
      result = await fuzzApi({
        baseUrl: stack.url, routes, runs: RUNS, cookies, pid: stack.pid,
        expected5xx: (path, status) => status === 503 && path === '/api/shop/stripe-webhook',
      })
    }
    catch (error) {
      failure = error.message.split('\n').slice(0, 3).join(' ').slice(0, 600)
    }
    const seconds = (Date.now() - started) / 1000
    const after = rssMb(stack.pid)
    const alive = (await fetch(`${stack.url}/api/_auth/session`).catch(() => null))?.status === 200
    console.log('\nfuzz: property-based requests across every /api route (built app + real LiveKit)')
    if (result) {
      console.log(`  sent ${result.sent} requests in ${seconds.toFixed(0)} s (${(result.sent / seconds).toFixed(0)}/s) over ${routes.length} routes; no 5xx, every 4xx JSON with a message`)
      console.log(`  statuses ${JSON.stringify(result.statuses)}`)
      console.log(`  app RSS ${before.toFixed(0)} MB before, ${Math.max(after, ...result.rss).toFixed(0)} MB at most, ${after.toFixed(0)} MB after; process ${alive ? 'up' : 'DOWN'}`)
    }
    else {
      console.log(`  FAILED after ${seconds.toFixed(0)} s: ${failure}`)
      console.log(`  app RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB; process ${alive ? 'up' : 'DOWN'}`)
    }
  }
  finally {
    await stack.stop()
  }
}
