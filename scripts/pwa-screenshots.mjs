#!/usr/bin/env node
// Screenshots for the richer install dialog (manifest "screenshots" in config/pwa.ts), taken with
// headless Chromium from the built app. Run after `nuxt build`, commit the PNGs, then rebuild so
// .output/public carries them:
//   npx nuxi build && node scripts/pwa-screenshots.mjs && npx nuxi build
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { AccessToken } from 'livekit-server-sdk'
import { chromium } from 'playwright-core'
import { freeTcpPort, log, waitForHttp } from './lib/process.mjs'
import { startLiveKit } from './livekit-server.mjs'
import { startDemoPublisher } from './demo-publisher.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const entry = resolve(ROOT, '.output/server/index.mjs')
const outDir = resolve(ROOT, 'public/screenshots')
if (!existsSync(entry)) throw new Error('Build the app first: npx nuxi build')
mkdirSync(outDir, { recursive: true })

// Sizes must match the manifest entries in config/pwa.ts.
const shots = [
  { file: 'home-wide.png', viewport: { width: 1280, height: 720 } },
  { file: 'home-narrow.png', viewport: { width: 390, height: 844 } },
]

// A real local LiveKit with two camera-less demo hosts, so the home page lists live shows.
const livekit = await startLiveKit()
const publishers = []
for (const room of ['spring-sale', 'sneaker-drop']) {
  const grant = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `${room}-host`, name: 'Host' })
  grant.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: false })
  publishers.push(await startDemoPublisher({ url: livekit.wsUrl, token: await grant.toJwt(), width: 160, height: 90, fps: 5 }))
}
const port = await freeTcpPort()
const app = spawn(process.execPath, [entry], {
  env: {
    ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
    NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'),
    LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
})
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] })
try {
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/api/_auth/session`, { process: app })
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: 1, reducedMotion: 'reduce' })
    await page.goto(url, { waitUntil: 'networkidle' })
    await page.getByTestId('show-list').waitFor({ timeout: 30_000 })
    const path = resolve(outDir, shot.file)
    await page.screenshot({ path, type: 'png' })
    log(`wrote ${path} (${Math.round(statSync(path).size / 1024)} KB)`)
    await page.close()
  }
}
finally {
  await browser.close()
  app.kill('SIGTERM')
  await Promise.allSettled(publishers.map(p => p.stop()))
  await livekit.stop()
}
