// `npm run demo` as a newcomer runs it: everything starts, the demo show is live, the printed host
// key signs in, Ctrl-C stops everything, and a second run starts cleanly on the same ports.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { freeTcpPort, portInUse } from '../../scripts/lib/process.mjs'
import { ROOT } from './support/stack'
import { eventually } from './support/rtc'

const running: ChildProcess[] = []

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL')
})

function startDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  running.push(child)
  let output = ''
  const keep = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  const ready = eventually(() => (output.includes('Ctrl-C stops everything') ? output : null), { timeoutMs: 120_000, intervalMs: 250 })
  return { child, ready, exited, output: () => output }
}

describe('npm run demo', () => {
  it('serves the app with a live demo show, prints a working host key, and stops cleanly on Ctrl-C', async () => {
    const appPort = await freeTcpPort()
    const liveKitPort = await freeTcpPort()
    const env = { PORT: String(appPort), LIVEKIT_PORT: String(liveKitPort), DEMO_ROOM: 'demo-test-show' }

    for (let run = 1; run <= 2; run++) {
      const demo = startDemo(env)
      const printed = await demo.ready.catch((error) => {
        throw new Error(`demo run ${run} did not become ready: ${error}\n${demo.output()}`)
      })
      expect(printed).toContain(`http://localhost:${appPort}/watch/demo-test-show`)
      const hostKey = printed.match(/Host access key\s+(\S+)/)?.[1]
      expect(hostKey).toBeTruthy()

      const shows = await eventually(async () => {
        const body = await (await fetch(`http://127.0.0.1:${appPort}/api/livekit/rooms`)).json() as { shows: { room: string, publishers: number }[] }
        return body.shows.find(show => show.room === 'demo-test-show') ? body.shows : null
      }, { timeoutMs: 20_000 })
      expect(shows.find(show => show.room === 'demo-test-show')!.publishers).toBe(1)

      // The demo show is a record with a lineup of products that have real images.
      const detail = await (await fetch(`http://127.0.0.1:${appPort}/api/shows/demo-test-show`)).json() as { status: string, lineup: { title: string, images: string[] }[] }
      expect(detail.status).toBe('live')
      expect(detail.lineup.length).toBeGreaterThanOrEqual(3)
      const image = await fetch(`http://127.0.0.1:${appPort}/uploads/${detail.lineup[0]!.images[0]}/480.webp`)
      expect(image.status).toBe(200)
      expect(image.headers.get('content-type')).toBe('image/webp')

      const login = await fetch(`http://127.0.0.1:${appPort}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: hostKey }),
      })
      expect(login.status).toBe(200)

      demo.child.kill('SIGINT')
      expect(await demo.exited).toBe(0)
      expect(await portInUse(appPort)).toBe(false)
      expect(await portInUse(liveKitPort)).toBe(false)
    }
  }, 300_000)
})
