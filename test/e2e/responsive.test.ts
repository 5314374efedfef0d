import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { addHostSession } from './support/pages'
import { phoneContext } from './support/mobile'

// Every page from a 360 px phone to a 1440 px desktop: nothing scrolls sideways, every control can
// be reached (on screen and not covered), and on touch layouts every control is at least 44×44 px.
// Screenshots go to test-results/responsive/ (not committed).
let stack: Stack
let browser: Browser
const contexts: Record<string, BrowserContext> = {}

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  // The watch page's show is never opened in a studio: the phone pass's studio makes 'quiet-room'
  // live, and once LiveKit closes its empty room the show has ended — its watch page then says so
  // instead of waiting, depending on how long the pages in between took.
  await createShows(stack, ['quiet-room', 'quiet-watch'])
  browser = await launchChromium()
  contexts.phoneGuest = await phoneContext(browser, { width: 360, height: 740 })
  contexts.phoneHost = await phoneContext(browser, { width: 360, height: 740 })
  contexts.desktopGuest = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  contexts.desktopHost = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  await addHostSession(contexts.phoneHost!, stack)
  await addHostSession(contexts.desktopHost!, stack)
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

interface Audit { overflow: number, controls: number, problems: string[] }

/** What a user would hit: sideways scroll, controls off screen / covered, small touch targets. */
async function audit(page: Page, touch: boolean): Promise<Audit> {
  return page.evaluate(async (minSize) => {
    const root = document.documentElement
    const overflow = root.scrollWidth - root.clientWidth
    const problems: string[] = []
    const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [role="tab"]')]
    const shown = all.filter((el) => {
      const style = getComputedStyle(el)
      const box = el.getBoundingClientRect()
      return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0 && !el.closest('.visually-hidden')
    })
    for (const el of shown) {
      const name = el.dataset.testid ?? el.getAttribute('aria-label') ?? (el.textContent?.trim().slice(0, 40) || el.tagName)
      el.scrollIntoView({ block: 'center', inline: 'center' })
      await new Promise(resolve => requestAnimationFrame(resolve))
      const box = el.getBoundingClientRect()
      if (box.left < -0.5 || box.right > root.clientWidth + 0.5) problems.push(`${name}: off screen (${Math.round(box.left)}–${Math.round(box.right)} px)`)
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
      if (!hit || !(el === hit || el.contains(hit) || (el as HTMLInputElement).labels?.[0]?.contains(hit))) problems.push(`${name}: covered by ${hit?.tagName ?? 'nothing'}.${hit?.className ?? ''}`)
      if (minSize && (box.width < minSize - 0.5 || box.height < minSize - 0.5)) problems.push(`${name}: ${Math.round(box.width)}×${Math.round(box.height)} px`)
    }
    window.scrollTo(0, 0)
    return { overflow, controls: shown.length, problems }
  }, touch ? 44 : 0)
}

const PAGES = [
  { name: 'home', path: '/', host: false, ready: '#live-title' },
  { name: 'home-host', path: '/', host: true, ready: '[data-testid="host-links"]' },
  { name: 'login', path: '/login', host: false, ready: '#access-key' },
  { name: 'watch', path: '/watch/quiet-watch', host: false, ready: '[data-state="waiting"]' },
  { name: 'broadcast', path: '/broadcast/quiet-room', host: true, ready: '[data-testid="go-live"]:not([disabled])' },
  { name: 'analytics', path: '/analytics', host: true, ready: '#history-title' },
  { name: 'shows', path: '/shows', host: true, ready: '[data-testid="new-show"]' },
] as const

describe.each([
  { size: '360x740', touch: true, guest: 'phoneGuest', host: 'phoneHost' },
  { size: '1440x900', touch: false, guest: 'desktopGuest', host: 'desktopHost' },
] as const)('pages at $size', ({ size, touch, guest, host }) => {
  it.each(PAGES)('$name: no sideways scroll, every control reachable' + (touch ? ' and ≥ 44 px' : ''), async (target) => {
    const page = await contexts[target.host ? host : guest]!.newPage()
    try {
      await page.goto(`${stack.app.url}${target.path}`)
      await page.locator(target.ready).first().waitFor({ timeout: 30_000 })
      await page.screenshot({ path: `test-results/responsive/${target.name}-${size}.png`, fullPage: true })
      const result = await audit(page, touch)
      expect(result.controls).toBeGreaterThan(0)
      expect(result.problems).toEqual([])
      expect(result.overflow).toBeLessThanOrEqual(0)
      if (touch && (target.name === 'watch' || target.name === 'broadcast')) {
        // Phones get the full-screen touch layouts; the site header steps aside.
        expect(await page.locator('[data-testid="mobile-player"], [data-testid="mobile-broadcaster"]').count()).toBe(1)
        expect(await page.locator('.topbar').isVisible()).toBe(false)
      }
    }
    finally {
      await page.close()
    }
  })
})
