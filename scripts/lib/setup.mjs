// Install steps shared by `npm test`, `npm run demo` and `npm run bench`. Each prints progress.
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, statSync } from 'node:fs'
import { log } from './process.mjs'

export async function step(title, fn) {
  const started = Date.now()
  log(`${title}…`)
  const ticker = setInterval(() => log(`${title}: still working (${Math.round((Date.now() - started) / 1000)} s)`), 30_000)
  try {
    return await fn()
  }
  finally {
    clearInterval(ticker)
    log(`${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export async function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json'
  const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000
  if (!stale) return
  // A node_modules that is a link (a git worktree sharing another checkout's install) is never
  // reinstalled from here: `npm ci` empties the link's target for everyone who shares it. A fresh
  // worktree's package-lock.json is simply newer than the shared install.
  if (lstatSync('node_modules', { throwIfNoEntry: false })?.isSymbolicLink()) {
    log('node_modules is a shared link: not running npm ci (run it where the install lives if package-lock.json changed)')
    return
  }
  await step('npm ci (installing dependencies)', () => {
    // --include=dev: tests, the demo and the benches build and run with the dev tools, also when
    // the caller's environment says NODE_ENV=production (npm would leave them out).
    const result = spawnSync('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], { stdio: 'inherit' })
    if (result.status !== 0) throw new Error(`npm ci failed (exit ${result.status})`)
  })
}

/** Debian's chromium for the browser tests: installed with apt-get when missing and we are root. */
export async function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (existsSync(path)) return
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${path}. Install it with: sudo apt-get install -y chromium`)
  }
  await step('apt-get install chromium (for browser tests)', () => {
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`)
    }
  })
}

/** True when .output is missing or older than any source file (tracked, or new and not ignored). */
export function buildIsStale() {
  if (!existsSync('.output/nitro.json')) return true
  const built = statSync('.output/nitro.json').mtimeMs
  const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' }).stdout?.split('\n').filter(Boolean) ?? []
  return files.length === 0 || files.some(file => existsSync(file) && statSync(file).mtimeMs > built)
}

/** `nuxt build` unless .output is newer than every source file (`force` builds anyway). */
export async function ensureBuilt({ force = false } = {}) {
  if (!force && !buildIsStale()) return
  await step('building the app (nuxt build)', () => {
    const result = spawnSync('node_modules/.bin/nuxi', ['build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (result.status !== 0) throw new Error('nuxt build failed')
  })
}
