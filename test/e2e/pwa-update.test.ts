// A new deployment: build A (the suite's .output) is replaced on the same port by build B, a real
// second `nuxt build` of this project into a temp dir whose offline page changed, so its service
// worker differs. The update prompt appears, nothing reloads by itself, and "Reload" switches only
// the tab where it was pressed.
import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ROOT, startApp, startStack, type AppServer, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { launchChromium } from './support/browser'
import { log } from '../../scripts/lib/process.mjs'

const NOT_COPIED = new Set(['node_modules', '.output', '.nuxt', '.git', '.cache', '.data', 'coverage', 'test-results'])

let buildB: string
let stack: Stack
let appB: AppServer | undefined
let browser: Browser

/** Builds the project a second time, in a copy, so the suite's .output is never touched. */
function buildSecondVersion(): string {
  const dir = mkdtempSync(join(tmpdir(), 'liveshop-build-b-'))
  cpSync(ROOT, dir, { recursive: true, filter: source => !NOT_COPIED.has(relative(ROOT, source).split(sep)[0]!) })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  // What a release changes: here the offline page, so the precache manifest (and sw.js) differ.
  appendFileSync(join(dir, 'public/offline.html'), '<!-- build B -->\n')
  log('e2e: building a second version of the app for the update test…')
  execFileSync(join(ROOT, 'node_modules/.bin/nuxi'), ['build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
  return dir
}

beforeAll(async () => {
  buildB = buildSecondVersion()
  stack = await startStack({ webhooks: false })
  await createShows(stack, ['update-show'])
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close().catch(() => {})
  await appB?.stop()
  await stack?.stop()
  if (buildB) rmSync(buildB, { recursive: true, force: true })
})

/** The offline pages in the service worker's precache (one per revision held). */
function precachedOfflinePages(page: Page) {
  return page.evaluate(async () => {
    const pages: string[] = []
    for (const name of (await caches.keys()).filter(n => n.startsWith('workbox-precache'))) {
      const cache = await caches.open(name)
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname === '/offline.html') pages.push(await (await cache.match(request))!.text())
      }
    }
    return pages
  })
}

/** Marks the current document; the mark disappears when the tab reloads or navigates away. */
async function mark(page: Page) {
  await page.evaluate(() => Object.assign(window, { liveshopMark: true }))
  return () => page.evaluate(() => 'liveshopMark' in window)
}

describe('service worker update', () => {
  it('prompts when a new version is deployed, never reloads by itself, and reloads only the tab that asks', async () => {
    const context = await browser.newContext()
    const home = await context.newPage()
    await home.goto(stack.app.url)
    await home.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), null, { timeout: 60_000 })
    await home.reload()
    expect(await home.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated')
    const offlinePagesA = await precachedOfflinePages(home)
    expect(offlinePagesA).toHaveLength(1)
    expect(offlinePagesA[0]).toContain('You are offline')
    expect(offlinePagesA[0]).not.toContain('build B')

    // A second tab, e.g. a viewer on a show (a host's studio behaves the same): it must keep running.
    const watcher = await context.newPage()
    await watcher.goto(`${stack.app.url}/watch/update-show`)
    await watcher.getByRole('heading', { level: 1, name: 'update-show' }).waitFor()
    const watcherStillOpen = await mark(watcher)

    // Deploy build B on the same address.
    await stack.app.stop()
    appB = await startApp(stack.appEnv, stack.app.port, join(buildB, '.output/server/index.mjs'))

    // The person opens the app again; the browser finds the changed service worker.
    await home.reload()
    const prompt = home.getByTestId('pwa-update')
    await prompt.waitFor({ timeout: 60_000 })
    expect(await prompt.textContent()).toContain('New version available')
    await watcher.getByTestId('pwa-update').waitFor({ timeout: 60_000 })

    // Non-blocking: the page underneath still works while the prompt is up (a client-side
    // navigation keeps the document, and the prompt stays).
    const homeStillOpen = await mark(home)
    await home.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Host sign-in' }).click()
    await home.waitForURL(`${stack.app.url}/login`)
    expect(await prompt.isVisible()).toBe(true)
    expect(await homeStillOpen()).toBe(true)

    await home.getByTestId('pwa-update-reload').click()
    await expect.poll(() => homeStillOpen().catch(() => true), { timeout: 30_000 }).toBe(false)
    await home.waitForLoadState()
    // The new worker's precache replaced the old revision.
    await expect.poll(async () => (await precachedOfflinePages(home)).map(page => page.includes('build B')), { timeout: 30_000 }).toEqual([true])
    expect(await home.evaluate(() => navigator.serviceWorker.getRegistration().then(r => r?.waiting ?? null))).toBeNull()
    expect(await home.getByTestId('pwa-update').count()).toBe(0)

    // The other tab was not reloaded; it says the new version is active elsewhere.
    await expect.poll(() => watcher.getByTestId('pwa-update').textContent(), { timeout: 30_000 }).toContain('already active in another tab')
    expect(await watcherStillOpen()).toBe(true)
    await context.close()
  })
})
