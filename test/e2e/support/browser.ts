// Headless Debian Chromium driven by playwright-core (never a downloaded browser).
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const BASE_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
  '--enable-usermedia-screen-capturing',
  '--allow-loopback-in-peer-connection',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
]

export interface BrowserOptions {
  /** Let media play with sound without a tap (default true; the autoplay test turns it off). */
  autoplay?: boolean
  /** Answer camera/mic prompts with "allow" (default true). Off: the page's permission settings decide. */
  fakeUi?: boolean
  extraArgs?: string[]
  launch?: LaunchOptions
}

export async function launchChromium(options: BrowserOptions = {}): Promise<Browser> {
  const args = [...BASE_FLAGS, ...(options.extraArgs ?? [])]
    .filter(flag => options.fakeUi !== false || flag !== '--use-fake-ui-for-media-stream')
  if (options.autoplay !== false) args.push('--autoplay-policy=no-user-gesture-required')
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args, ...options.launch })
}

/**
 * A persistent (profile-backed) context. Chromium treats ordinary Playwright contexts as
 * incognito, where it reports every PWA as not installable ("in-incognito").
 */
export async function launchPersistentChromium(userDataDir: string, options: BrowserOptions & { context?: BrowserContextOptions } = {}): Promise<BrowserContext> {
  const args = [...BASE_FLAGS, ...(options.extraArgs ?? [])]
  if (options.autoplay !== false) args.push('--autoplay-policy=no-user-gesture-required')
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args, ...options.launch, ...options.context })
}
