// Shopping while watching, as people do it, on SQLite and PostgreSQL: the host (real studio, fake
// camera) spotlights a product and both a desktop and a phone viewer (real Chromium, real LiveKit)
// show its card; a viewer who joins later sees it too; a viewer adds it to the cart and places an
// order while the video keeps decoding frames; the host's orders page lists the order. Then a flash
// sale counts down, accepts an order, refuses the same device over its limit with a message, shows
// "Sold out" on the other viewer's card, and when the host ends it the cart says it is back to the
// regular price. Latencies are printed (figures, not assertions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import type { Db } from '../../server/utils/db'
import { startStack, type Stack } from './support/stack'
import { launchChromium } from './support/browser'
import { goLive, hostContext, openStudio, openViewer, videoState, waitForPlayback } from './support/pages'
import { phoneContext } from './support/mobile'
import { testAnalyticsDb, type Backend, type TestAnalyticsDb } from './support/analytics-db'
import { openAppDb, seedShow } from './support/shop'

const SHOW = 'shop-ui-show'

describe.each<Backend>(['sqlite', 'postgres'])('shopping while watching (%s)', (backend) => {
  let stack: Stack
  let store: TestAnalyticsDb
  let db: Db
  let browser: Browser
  let hostCtx: BrowserContext
  let studio: Page
  let desktop: Page
  let phone: Page

  const card = (page: Page, productId: string): Locator => page.locator(`.shop-cards [data-testid="shop-card"][data-product-id="${productId}"]`)

  beforeAll(async () => {
    store = testAnalyticsDb(backend)
    stack = await startStack({ env: store.env })
    db = await openAppDb(stack.appEnv)
    await seedShow(db, SHOW, [
      { id: 'ui-mug', title: 'Stoneware mug', price: 1800, stock: 12 },
      { id: 'ui-scarf', title: 'Silk scarf', price: 4900, stock: 8 },
    ], 'Spring drop')
    browser = await launchChromium()
    hostCtx = await hostContext(browser, stack)
    studio = await hostCtx.newPage()
    await openStudio(studio, stack, SHOW)
    await goLive(studio)
    desktop = await openViewer(await browser.newContext({ viewport: { width: 1280, height: 800 } }), stack, SHOW)
    phone = await openViewer(await phoneContext(browser), stack, SHOW)
    await Promise.all([waitForPlayback(desktop), waitForPlayback(phone)])
  })

  afterAll(async () => {
    await browser?.close()
    await db?.close()
    await stack?.stop()
    await store?.cleanup()
  })

  it('the host spotlights a product: desktop and phone viewers show its card, a late joiner too', async () => {
    await studio.getByTestId('spotlight-ui-mug').click()
    const clicked = Date.now()
    await Promise.all([
      card(desktop, 'ui-mug').waitFor({ timeout: 15_000 }).then(() => console.info(`[shop-ui ${backend}] desktop card after ${Date.now() - clicked} ms`)),
      card(phone, 'ui-mug').waitFor({ timeout: 15_000 }).then(() => console.info(`[shop-ui ${backend}] phone card after ${Date.now() - clicked} ms`)),
    ])
    await expect(card(desktop, 'ui-mug').getByTestId('shop-card-price').textContent()).resolves.toBe('€18.00')
    expect(await card(phone, 'ui-mug').isVisible()).toBe(true)

    const late = await openViewer(await browser.newContext({ viewport: { width: 1280, height: 800 } }), stack, SHOW)
    await card(late, 'ui-mug').waitFor({ timeout: 30_000 })
    await late.context().close()
  })

  it('a viewer orders from the card while the video keeps playing; the host\'s orders page lists it', async () => {
    await card(desktop, 'ui-mug').getByTestId('shop-card-add').click()
    await desktop.getByTestId('shop-cart').waitFor()
    await expect.poll(() => desktop.getByTestId('shop-cart-total').textContent(), { timeout: 10_000 }).toBe('€18.00')
    // Count frames decoded while the viewer checks out (about a second here), summing the player's
    // frame counter every 100 ms (it restarts from 0 when a track is re-attached). A video that
    // froze behind the sheet counts 0–1; on this loaded machine a playing one counted 8–10.
    await desktop.evaluate(() => {
      const w = window as unknown as { __framesDuringCheckout: number }
      w.__framesDuringCheckout = 0
      let last = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')?.getVideoPlaybackQuality().totalVideoFrames ?? 0
      setInterval(() => {
        const total = document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')?.getVideoPlaybackQuality().totalVideoFrames ?? 0
        w.__framesDuringCheckout += total >= last ? total - last : total
        last = total
      }, 100)
    })
    await desktop.getByTestId('shop-cart-checkout').click()
    await desktop.getByTestId('shop-buyer-name').fill('Dana Viewer')
    await desktop.getByTestId('shop-buyer-email').fill('not an email')
    await desktop.getByTestId('shop-pickup').check()
    await desktop.getByTestId('shop-place-order').click()
    await expect.poll(() => desktop.getByTestId('shop-error-email').textContent()).toContain('must be an email address')
    await desktop.getByTestId('shop-buyer-email').fill('dana@example.com')
    await desktop.getByTestId('shop-place-order').click()
    const number = (await desktop.getByTestId('shop-order-number').textContent({ timeout: 15_000 }))!
    expect(number).toMatch(/^LS-/)
    expect(await desktop.evaluate(() => (window as unknown as { __framesDuringCheckout: number }).__framesDuringCheckout)).toBeGreaterThan(2)
    expect((await videoState(desktop)).width).toBeGreaterThan(0)
    expect(await desktop.getByTestId('shop-cart-count').textContent()).toBe('0')
    expect(await db.get('SELECT stock FROM products WHERE id = ?', ['ui-mug'])).toEqual({ stock: 11 })

    const orders = await hostCtx.newPage()
    await orders.goto(`${stack.app.url}/orders?show=${SHOW}`)
    const row = orders.locator(`[data-order-number="${number}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.textContent()).toContain('Dana Viewer')
    expect(await row.getByTestId('order-status').textContent()).toBe('reserved')
    await row.getByTestId('order-paid').click()
    await expect.poll(() => row.getByTestId('order-status').textContent(), { timeout: 10_000 }).toBe('paid')
    await orders.close()
    await desktop.getByRole('button', { name: 'Back to the show' }).click()
  })

  it('a flash sale counts down, sells within the per-device limit, shows Sold out everywhere, and ends early', async () => {
    await studio.getByTestId('spotlight-ui-scarf').click()
    await card(phone, 'ui-scarf').waitFor({ timeout: 15_000 })
    await studio.getByTestId('sale-product').selectOption('ui-scarf')
    await studio.getByTestId('sale-price').fill('19.50')
    await studio.getByTestId('sale-quantity').fill('2')
    await studio.getByTestId('sale-limit').fill('1')
    await studio.getByTestId('sale-duration').fill('120')
    await studio.getByTestId('start-sale').click()
    const started = Date.now()
    const sale = card(phone, 'ui-scarf').getByTestId('shop-card-sale')
    await sale.waitFor({ timeout: 15_000 })
    console.info(`[shop-ui ${backend}] flash sale on the phone card after ${Date.now() - started} ms`)
    expect(await card(phone, 'ui-scarf').getByTestId('shop-card-price').textContent()).toBe('€19.50')
    const first = await card(phone, 'ui-scarf').getByTestId('shop-card-countdown').textContent()
    await expect.poll(() => card(phone, 'ui-scarf').getByTestId('shop-card-countdown').textContent(), { timeout: 5_000 }).not.toBe(first)

    // The phone buys one at the sale price (real taps).
    const buy = async (email: string) => {
      await card(phone, 'ui-scarf').getByTestId('shop-card-add').tap()
      await phone.getByTestId('shop-open-cart').tap()
      await phone.getByTestId('shop-cart-checkout').tap()
      await phone.getByTestId('shop-buyer-name').fill('Pat Phone')
      await phone.getByTestId('shop-buyer-email').fill(email)
      await phone.getByTestId('shop-pickup').check()
      await expect.poll(() => phone.getByTestId('shop-checkout-total').textContent(), { timeout: 10_000 }).toBe('€19.50')
      await phone.getByTestId('shop-place-order').tap()
    }
    await buy('pat@example.com')
    await phone.getByTestId('shop-confirmation').waitFor({ timeout: 15_000 })
    await phone.getByRole('button', { name: 'Back to the show' }).tap()
    // Same device, another email: over the per-buyer limit, said plainly.
    await buy('pat.other@example.com')
    await expect.poll(() => phone.getByTestId('shop-checkout-error').textContent(), { timeout: 15_000 }).toContain('limit of 1')
    await phone.getByRole('button', { name: 'Close checkout' }).tap()

    // The desktop viewer takes the last unit: every card says Sold out.
    await expect.poll(() => card(desktop, 'ui-scarf').getByTestId('shop-card-price').textContent(), { timeout: 15_000 }).toBe('€19.50')
    await card(desktop, 'ui-scarf').getByTestId('shop-card-add').click()
    await desktop.getByTestId('shop-cart-checkout').click()
    await desktop.getByTestId('shop-place-order').click()
    await desktop.getByTestId('shop-confirmation').waitFor({ timeout: 15_000 })
    const soldAt = Date.now()
    await expect.poll(() => card(phone, 'ui-scarf').getByTestId('shop-card-stock').textContent(), { timeout: 15_000 }).toBe('Sold out')
    console.info(`[shop-ui ${backend}] "Sold out" on the phone card ${Date.now() - soldAt} ms after the last order`)
    await desktop.getByRole('button', { name: 'Back to the show' }).click()

    // The phone still holds a sale-price line; the host ends the sale early: the cart says so.
    await studio.getByTestId('shop-end-sale').click()
    await phone.getByTestId('shop-notice').waitFor({ timeout: 15_000 })
    expect(await phone.getByTestId('shop-notice').textContent()).toContain('regular price')
    await expect.poll(() => card(phone, 'ui-scarf').getByTestId('shop-card-sale').count(), { timeout: 10_000 }).toBe(0)
    expect(await card(phone, 'ui-scarf').getByTestId('shop-card-price').textContent()).toBe('€49.00')
    const sold = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM order_items WHERE product_id = ? AND flash_sale_id IS NOT NULL', ['ui-scarf'])
    expect(sold).toEqual({ n: 2 })
  })
})
