// Text typed into a server-rendered form before the app's JS arrives (a slow phone) survives
// hydration and is what the form sends: the app's scripts are held back while the visitor types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { signIn, startStack, type Stack } from './support/stack'
import { createHostAccount } from './support/hosts'
import { holdAppScripts, isHydrated, waitForHydration } from './support/pages'

let stack: Stack
let browser: Browser

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function newPage(cookie?: string): Promise<Page> {
  const context = await browser.newContext()
  if (cookie) {
    const [name, ...value] = cookie.split('=')
    await context.addCookies([{ name: name!, value: value.join('='), url: stack.app.url }])
  }
  return context.newPage()
}

/** Opens `path` with the app's scripts held, runs `type` on the server-rendered page, then lets the app hydrate. */
async function typeBeforeHydration(page: Page, path: string, type: () => Promise<void>) {
  const scripts = await holdAppScripts(page)
  await page.goto(`${stack.app.url}${path}`, { waitUntil: 'commit' })
  await page.locator('main form').first().waitFor()
  await type()
  // The typing really happened before hydration: the scripts were asked for and not yet given.
  expect(scripts.held()).toBeGreaterThan(0)
  expect(await isHydrated(page)).toBe(false)
  await scripts.release()
  await waitForHydration(page)
}

describe('typing before the app has loaded', () => {
  it('/login\'s access-key form keeps the key, and signing in with it works', async () => {
    const page = await newPage()
    const field = page.locator('#access-key')
    await typeBeforeHydration(page, '/login?redirect=%2Fshows', () => field.pressSequentially(stack.hostKey))

    expect(await field.inputValue()).toBe(stack.hostKey)
    const button = page.getByTestId('key-form').getByRole('button', { name: 'Sign in with key' })
    expect(await button.isEnabled()).toBe(true)
    await button.click()
    await page.waitForURL(`${stack.app.url}/shows`)
    await page.getByRole('heading', { name: 'Shows', exact: true }).waitFor()
  })

  it('/login\'s email + password form keeps both, and the host signs in', async () => {
    const host = { name: 'Early Typist', email: 'early@example.com', password: 'typed before the js' }
    await createHostAccount(stack.app.url, host, { opsKey: stack.opsKey })
    const page = await newPage()
    const form = page.getByTestId('account-form')
    await typeBeforeHydration(page, '/login?redirect=%2Fproducts', async () => {
      await form.getByLabel('Email', { exact: true }).pressSequentially(host.email)
      await form.getByLabel('Password', { exact: true }).pressSequentially(host.password)
    })

    expect(await form.getByLabel('Email', { exact: true }).inputValue()).toBe(host.email)
    expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe(host.password)
    await form.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${stack.app.url}/products`)
    const session = await page.evaluate(() => fetch('/api/_auth/session').then(r => r.json()))
    expect(session.user).toMatchObject({ role: 'host', name: 'Early Typist' })
  })

  it('/hosts\' new-host form keeps name, email and password, and creates that host', async () => {
    const page = await newPage(await signIn(stack.app.url, stack.opsKey))
    const form = page.getByTestId('host-create')
    await typeBeforeHydration(page, '/hosts', async () => {
      await form.getByLabel('Name', { exact: true }).pressSequentially('Slow Phone')
      await form.getByLabel('Email', { exact: true }).pressSequentially('slow@example.com')
      await form.getByLabel('Password', { exact: true }).pressSequentially('a slow phone password')
    })

    expect(await form.getByLabel('Email', { exact: true }).inputValue()).toBe('slow@example.com')
    await form.getByRole('button', { name: 'Create host' }).click()
    const created = page.getByTestId('host-slow@example.com')
    await created.waitFor()
    expect(await created.textContent()).toContain('Slow Phone')
    expect(await page.getByTestId('handover-password').textContent()).toBe('a slow phone password')
  })
})
