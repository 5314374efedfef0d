#!/usr/bin/env node
// `npm test`: installs what the tests need, then runs lint, type-check and the three vitest
// projects (unit, nuxt, e2e). Works on a fresh clone with no step done by hand.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { ensureDependencies, ensureChromium, step } from './lib/setup.mjs'
import { ensureLiveKitBinary } from './livekit-server.mjs'
import { log } from './lib/process.mjs'

const started = Date.now()
await ensureDependencies()
await ensureChromium()
await step('LiveKit server binary', ensureLiveKitBinary)

function run(title, command, args) {
  return step(title, () => {
    const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } })
    if (result.status !== 0) {
      log(`${title} failed (exit ${result.status ?? result.signal})`)
      process.exit(result.status ?? 1)
    }
  })
}

const bin = name => `node_modules/.bin/${name}`
// .nuxt holds the generated types and ESLint config that lint and type-check read.
if (!existsSync('.nuxt/eslint.config.mjs') || statSync('package-lock.json').mtimeMs > statSync('.nuxt/eslint.config.mjs').mtimeMs) {
  await run('nuxt prepare', bin('nuxi'), ['prepare'])
}
await run('lint (eslint)', bin('eslint'), ['.'])
await run('type-check (nuxi typecheck)', bin('nuxi'), ['typecheck'])
await run('tests (vitest: unit, nuxt, e2e)', bin('vitest'), ['run', ...process.argv.slice(2)])
log(`all green in ${Math.round((Date.now() - started) / 1000)} s`)
