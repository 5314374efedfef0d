// What the benchmarks run against: the real LiveKit server, the built app (rebuilt first when any
// source is newer than it), a camera-less host (the demo publisher) and headless Chromium — all on
// loopback, all stopped by stop(). Started by scripts/lib/stack.mjs, like the demo and the tests.
import { chromium } from 'playwright-core'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'
import { ensureBuilt } from '../../scripts/lib/setup.mjs'
import { CHROMIUM_PATH, chromiumArgs, createShow, goOnAir, joinToken, ROOT, signIn, startStack } from '../../scripts/lib/stack.mjs'

export { ROOT }

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs() })
}

/** @param {{ env?: Record<string, string> }} [options] extra environment for the app */
export async function startBenchStack({ env = {} } = {}) {
  // A stale build would measure yesterday's code: rebuild when any tracked source is newer (BENCH_BUILD=1 forces it).
  await ensureBuilt({ force: process.env.BENCH_BUILD === '1' })
  const stack = await startStack({ env, webhooks: false })
  const url = stack.app.url
  const cookie = await signIn(url, stack.hostKey)
  const publishers = []

  return {
    url, livekit: stack.livekit, hostKey: stack.hostKey, opsKey: stack.opsKey, pid: stack.app.process.pid,
    /** Shows are records and LiveKit rooms exist only for them; an existing one is fine. */
    createShow: (room, fields = {}) => createShow(url, cookie, { id: room, ...fields }, { allowExisting: true }),
    async publish(room) {
      await this.createShow(room)
      const { token } = await joinToken(url, { room, username: 'Bench host', admin: true, cookie })
      const publisher = await startDemoPublisher({ url: stack.livekit.wsUrl, token })
      publishers.push(publisher)
      // On air: the show's record is live, as after the studio's Go live.
      await goOnAir(url, cookie, room)
      return publisher
    },
    /** A show viewers can open at /watch/<id>, with the demo publisher live in it. */
    async createLiveShow(id) {
      await this.publish(id)
      return id
    },
    /** A viewer token from the app's route: the same grants a real viewer gets (hidden, no publish, no data). */
    async viewerToken(room, username) {
      return (await joinToken(url, { room, username })).token
    },
    async stop() {
      for (const publisher of publishers) await publisher.stop().catch(() => {})
      await stack.stop()
    },
  }
}

export const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
