// The installable PWA as Chromium sees it: manifest and icons, the service worker's precache,
// the offline page, /api never from a cache, and the "Install app" control.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { launchChromium, launchPersistentChromium } from './support/browser'

let stack: Stack
let profileDir: string
let context: BrowserContext
let page: Page
let incognito: Browser | undefined

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  await createShows(stack, ['anything'])
  profileDir = mkdtempSync(join(tmpdir(), 'liveshop-pwa-'))
  context = await launchPersistentChromium(profileDir)
  page = context.pages()[0] ?? await context.newPage()
})

afterAll(async () => {
  await context?.close().catch(() => {})
  await incognito?.close().catch(() => {})
  await stack?.stop()
  if (profileDir) rmSync(profileDir, { recursive: true, force: true })
})

/** Every URL in the page's Cache Storage, by cache name. */
function cachedUrls(target: Page) {
  return target.evaluate(async () => {
    const result: Record<string, string[]> = {}
    for (const name of await caches.keys()) {
      result[name] = (await (await caches.open(name)).keys()).map(request => request.url)
    }
    return result
  })
}

interface ManifestImage { src: string, sizes: string, type?: string, purpose?: string, form_factor?: string }
interface WebManifest {
  id: string
  start_url: string
  scope: string
  display: string
  short_name: string
  icons: ManifestImage[]
  screenshots: ManifestImage[]
  shortcuts: { name: string, url: string, icons?: ManifestImage[] }[]
}

describe('installable PWA', () => {
  it('has no installability errors; the manifest is served as a manifest and names loadable icons of the stated sizes', async () => {
    await page.goto(stack.app.url)
    await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), null, { timeout: 60_000 })
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    expect(installabilityErrors).toEqual([])

    const response = await fetch(`${stack.app.url}/manifest.webmanifest`)
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/)
    const manifest = await response.json() as WebManifest
    expect(manifest).toMatchObject({ id: '/', start_url: '/', scope: '/', display: 'standalone', short_name: 'LiveShop' })
    const any = manifest.icons.filter(icon => (icon.purpose ?? 'any').split(' ').includes('any')).map(icon => icon.sizes)
    expect(any).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(manifest.icons.filter(icon => icon.purpose === 'maskable').map(icon => icon.sizes)).toEqual(['512x512'])
    expect(manifest.shortcuts.map(s => [s.name, s.url])).toEqual([['Watch live shows', '/'], ['Go live', '/login?redirect=/shows']])
    expect(manifest.screenshots.map(s => s.form_factor)).toEqual(['wide', 'narrow'])

    // Decode each image in the browser, as the install dialog would, and compare its real size.
    const images = [
      ...manifest.icons, ...manifest.screenshots, ...manifest.shortcuts.flatMap(s => s.icons ?? []),
      { src: '/apple-touch-icon-180x180.png', sizes: '180x180' },
    ]
    const measured = await page.evaluate(async (list) => {
      return Promise.all(list.map(async ({ src }) => {
        const image = new Image()
        image.src = src
        await image.decode()
        return `${image.naturalWidth}x${image.naturalHeight}`
      }))
    }, images)
    expect(measured).toEqual(images.map(image => image.sizes))
    // The Apple touch icon is linked from every page (iOS ignores the manifest's icons).
    expect(await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')).toBe('/apple-touch-icon-180x180.png')
  })

  it('the "Go live" shortcut takes a host to Shows (where the studio opens): through sign-in, or at once when signed in', async () => {
    const manifest = await (await fetch(`${stack.app.url}/manifest.webmanifest`)).json() as WebManifest
    const goLive = manifest.shortcuts.find(s => s.name === 'Go live')!.url
    const browser = await launchChromium()
    try {
      const host = await browser.newPage()
      await host.goto(new URL(goLive, stack.app.url).href)
      await host.getByLabel('Access key', { exact: true }).fill(stack.hostKey)
      await host.getByRole('button', { name: 'Sign in with key' }).click()
      await host.waitForURL(`${stack.app.url}/shows`)
      await host.getByRole('heading', { name: 'Shows', exact: true }).waitFor()
      // Signed in, the shortcut skips the sign-in page (the server redirects).
      const response = await host.goto(new URL(goLive, stack.app.url).href)
      expect(new URL(host.url()).pathname).toBe('/shows')
      expect(response?.request().redirectedFrom()?.url()).toBe(new URL(goLive, stack.app.url).href)
    }
    finally {
      await browser.close()
    }
  })

  it('controls the page after one reload, with the shell precached', async () => {
    await page.reload()
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated')
    const shell = await page.evaluate(() => [
      ...[...document.querySelectorAll<HTMLScriptElement>('script[src]')].map(el => el.src),
      ...[...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"], link[rel="modulepreload"]')].map(el => el.href),
    ].filter(url => new URL(url).pathname.startsWith('/_nuxt/')))
    expect(shell.length).toBeGreaterThan(0)

    const caches = await cachedUrls(page)
    const precache = Object.entries(caches).find(([name]) => name.startsWith('workbox-precache'))?.[1] ?? []
    const precached = precache.map(url => url.replace(/\?__WB_REVISION__=.*$/, ''))
    expect(precached).toEqual(expect.arrayContaining([
      ...shell,
      `${stack.app.url}/offline.html`,
      `${stack.app.url}/manifest.webmanifest`,
      `${stack.app.url}/pwa-192x192.png`,
    ]))
    // Server-rendered pages are never precached: they depend on the session and on who is live.
    expect(precached).not.toContain(`${stack.app.url}/`)
  })

  it('shows the offline page (not the browser error) for / and /watch/anything; Retry loads the real page once back online', async () => {
    await context.setOffline(true)
    try {
      for (const path of ['/', '/watch/anything']) {
        await page.goto(`${stack.app.url}${path}`)
        await expect.poll(() => page.getByTestId('offline-page').isVisible()).toBe(true)
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are offline')
        expect(new URL(page.url()).pathname).toBe(path)
      }
    }
    finally {
      await context.setOffline(false)
    }
    await page.getByTestId('offline-retry').click()
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('Watching anything — LiveShop')
    expect(await page.getByTestId('offline-page').count()).toBe(0)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('anything')
  })

  it('never answers /api/* from a cache: offline, the home page says it is offline instead of showing stale data', async () => {
    await page.goto(stack.app.url)
    await page.getByTestId('no-shows').waitFor()
    // Online, the API answers (through the service worker's scope) and nothing is stored.
    const online = await page.evaluate(async () => (await fetch('/api/livekit/rooms')).status)
    expect(online).toBe(200)
    const stored = Object.values(await cachedUrls(page)).flat()
    expect(stored.filter(url => new URL(url).pathname.startsWith('/api/'))).toEqual([])

    await context.setOffline(true)
    try {
      const offline = await page.evaluate(async () => {
        try {
          const response = await fetch('/api/livekit/rooms')
          return `answered ${response.status}`
        }
        catch {
          return 'network error'
        }
      })
      expect(offline).toBe('network error')
      await expect.poll(() => page.getByTestId('network-status').textContent()).toContain('Offline')
      // The list refreshes every 10 s; offline, that refresh fails and the page says so.
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('Could not load the live shows')
      expect(await page.getByTestId('no-shows').count()).toBe(0)
    }
    finally {
      await context.setOffline(false)
    }
    await expect.poll(() => page.getByTestId('network-status').textContent()).toContain('Back online')
  })

  it('offers "Install app" on beforeinstallprompt and calls prompt() when tapped', async () => {
    // An incognito context: Chromium never offers installation there, so only our event counts.
    incognito = await launchChromium()
    // The narrowest phone we support: the header must fit the new controls without side-scrolling.
    const tab = await incognito.newPage({ viewport: { width: 360, height: 740 } })
    await tab.goto(stack.app.url)
    await tab.getByTestId('no-shows').waitFor()
    // Hydrated: the client plugins (which listen for the event) have run.
    await tab.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
    expect(await tab.getByTestId('pwa-install').count()).toBe(0)

    const prevented = await tab.evaluate(() => {
      const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: () => {
          (window as unknown as { prompted: number }).prompted = ((window as unknown as { prompted?: number }).prompted ?? 0) + 1
          return Promise.resolve()
        },
        userChoice: Promise.resolve({ outcome: 'accepted', platform: 'web' }),
      })
      window.dispatchEvent(event)
      return event.defaultPrevented
    })
    // The browser's own mini-infobar is suppressed in favour of our control.
    expect(prevented).toBe(true)
    const button = tab.getByTestId('pwa-install')
    await button.waitFor()
    expect(await button.textContent()).toContain('Install app')
    await tab.context().setOffline(true)
    await expect.poll(() => tab.getByTestId('network-status').textContent()).toContain('Offline')
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await tab.context().setOffline(false)
    await button.click()
    expect(await tab.evaluate(() => (window as unknown as { prompted?: number }).prompted)).toBe(1)
    // Accepted: the control goes away (the app is installed now).
    await expect.poll(() => button.count()).toBe(0)
  })
})
