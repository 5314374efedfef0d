// The load loop the HTTP benches share (home, status): `clients` keep-alive connections, each one
// request at a time, and the latency percentiles of what they saw. Latency is send → last byte.
import { Agent, get } from 'node:http'

/**
 * `clients` keep-alive connections requesting `url` for `duration` s: back to back (rate 0), or
 * each `rate` times a second from a random phase (viewers' timers, started whenever each page
 * opened). No request starts after `duration`.
 */
export async function httpLoad(url, { clients, duration, rate = 0, headers = {} }) {
  const latencies = []
  let errors = 0
  let bytes = 0
  const started = Date.now()
  const end = started + duration * 1000
  const once = agent => new Promise((resolve) => {
    const t0 = process.hrtime.bigint()
    get(url, { agent, headers }, (res) => {
      res.on('data', (chunk) => {
        bytes += chunk.length
      })
      res.on('end', () => {
        if (res.statusCode !== 200) errors++
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
        resolve()
      })
    }).on('error', () => {
      errors++
      resolve()
    })
  })
  const client = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const period = rate ? 1000 / rate : 0
    let next = Date.now() + Math.random() * period
    while (next < end && Date.now() < end) {
      if (period) await new Promise(resolve => setTimeout(resolve, Math.max(0, next - Date.now())))
      await once(agent)
      next += period
    }
    agent.destroy()
  }
  await Promise.all(Array.from({ length: clients }, client))
  const seconds = (Date.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = q => percentile(latencies, q)
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / seconds),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: at(1),
    errors,
    avgBytes: Math.round(bytes / Math.max(1, latencies.length)),
  }
}

/** The `q` quantile (0…1) of ascending `sorted` milliseconds, to 0.1 ms (nearest rank). */
export function percentile(sorted, q) {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10
}
