// LiveKit Meet (livekit-examples/meet) as the viewer benchmark's yardstick: its `/custom` page joins a
// room with a URL and token given in the query, the shortest path from navigation to video that
// LiveKit's own reference app has. Built once by `node bench/meet-setup.mjs` into MEET_DIR; the
// viewer bench runs it beside the app when it is there and measures the app alone otherwise.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { freeTcpPort, waitForHttp } from '../../scripts/lib/process.mjs'
import { CACHE_DIR } from '../../scripts/livekit-server.mjs'

// Outside the project, beside the LiveKit binary: lint, type-check and Vite never see Meet's sources.
export const MEET_DIR = process.env.MEET_DIR || join(CACHE_DIR, 'meet')
/** Written by meet-setup.mjs after a successful build: which commit was built. */
export const MEET_MARKER = join(MEET_DIR, '.liveshop-bench-built')

export function meetBuild() {
  return existsSync(MEET_MARKER) ? readFileSync(MEET_MARKER, 'utf8').trim() : null
}

/** Starts Meet's production server (`next start`) on a free loopback port. */
export async function startMeet() {
  const port = await freeTcpPort()
  const child = spawn(join(MEET_DIR, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: MEET_DIR,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(url, { timeoutMs: 60_000, process: child })
  return {
    /** The page a Meet viewer opens: its /custom route with the LiveKit URL and token in the query. */
    pageUrl: (liveKitUrl, token) => `${url}/custom?${new URLSearchParams({ liveKitUrl, token })}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', resolve)
      child.kill('SIGTERM')
    }),
  }
}
