// Once per e2e run: build the app (unless told it is built) and make sure the LiveKit binary
// exists, so that no test file pays for — or races on — either.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { ensureLiveKitBinary } from '../../../scripts/livekit-server.mjs'
import { log } from '../../../scripts/lib/process.mjs'
import { ROOT, SERVER_ENTRY } from './stack'
import { CHROMIUM_PATH } from './browser'

export default async function setup() {
  if (process.env.LIVESHOP_SKIP_BUILD !== '1' || !existsSync(SERVER_ENTRY)) {
    log('e2e: building the app (nuxt build)…')
    const started = Date.now()
    execFileSync(resolve(ROOT, 'node_modules/.bin/nuxi'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
    log(`e2e: built in ${Math.round((Date.now() - started) / 1000)} s`)
  }
  await ensureLiveKitBinary()
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (npm test does this as root).`)
  }
}
