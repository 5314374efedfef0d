// Headless Debian Chromium driven by playwright-core (never a downloaded browser). The flags are
// scripts/lib/stack.mjs's, shared with the benchmarks.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions } from 'playwright-core'
import { chromiumArgs, CHROMIUM_PATH as PATH } from '../../../scripts/lib/stack.mjs'

export const CHROMIUM_PATH: string = PATH

export interface BrowserOptions {
  /** Let media play with sound without a tap (default true; the autoplay test turns it off). */
  autoplay?: boolean
  /** Answer camera/mic prompts with "allow" (default true). Off: the page's permission settings decide. */
  fakeUi?: boolean
  extraArgs?: string[]
  launch?: LaunchOptions
}

export async function launchChromium(options: BrowserOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(options), ...options.launch })
}

/**
 * A persistent (profile-backed) context. Chromium treats ordinary Playwright contexts as
 * incognito, where it reports every PWA as not installable ("in-incognito").
 */
export async function launchPersistentChromium(userDataDir: string, options: BrowserOptions & { context?: BrowserContextOptions } = {}): Promise<BrowserContext> {
  const args = chromiumArgs({ autoplay: options.autoplay, extraArgs: options.extraArgs })
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args, ...options.launch, ...options.context })
}
