// Property-based fuzzing of every /api route against the built app and a real LiveKit server
// (scripts/lib/fuzz.mjs): random methods, paths, query values, JSON and non-JSON bodies, oversized
// and unicode strings, missing/forged cookies and signatures. No 5xx, every 4xx is JSON with a
// message, the process stays up, its memory bounded. LIVESHOP_FUZZ_RUNS sets the count (npm test:
// 1,500; `npm run bench fuzz`: 10,000).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fuzzApi, listApiRoutes, rssMb } from '../../scripts/lib/fuzz.mjs'
import { ROOT, signIn, startStack, type Stack } from './support/stack'

const RUNS = Number(process.env.LIVESHOP_FUZZ_RUNS ?? 1_500)
let stack: Stack

beforeAll(async () => {
  // Stripe is deliberately not configured here: its webhook answers 503 "not configured".
  stack = await startStack({ webhooks: false })
})

afterAll(async () => {
  await stack?.stop()
})

describe('fuzzing every /api route', () => {
  it(`answers ${RUNS} generated requests with no 5xx and JSON 4xx errors, and stays up with bounded memory`, async () => {
    const routes = listApiRoutes(ROOT)
    expect(routes.length).toBeGreaterThanOrEqual(10)
    const cookies = { host: await signIn(stack.app.url, stack.hostKey), ops: await signIn(stack.app.url, stack.opsKey) }
    const pid = stack.app.process.pid!
    const before = rssMb(pid)
    const result = await fuzzApi({
      baseUrl: stack.app.url, routes, runs: RUNS, cookies, pid,
      expected5xx: (path: string, status: number) => status === 503 && path === '/api/shop/stripe-webhook',
    })
    const after = rssMb(pid)
    console.log(`[fuzz] sent ${result.sent} requests over ${routes.length} routes; statuses ${JSON.stringify(result.statuses)}; app RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB (max ${Math.max(after, ...result.rss).toFixed(0)})`)
    expect(result.sent).toBe(RUNS)
    expect(stack.app.process.exitCode).toBeNull()
    expect((await fetch(`${stack.app.url}/api/_auth/session`)).status).toBe(200)
    expect(Math.max(after, ...result.rss) - before).toBeLessThan(150)
  })
})
