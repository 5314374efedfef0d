#!/usr/bin/env node
// Builds LiveKit Meet (livekit-examples/meet) for the viewer bench's side-by-side mode:
//   node bench/meet-setup.mjs [git URL or path]     (default: MEET_REPO or GitHub)
// clone → replace the two Git LFS background images with generated JPEGs (a clone without LFS has
// only pointer files, which Next.js refuses as images) → npm install --legacy-peer-deps → next build.
// Into MEET_DIR (default ~/.cache/live-shop/meet). Re-running rebuilds in place.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { step } from '../scripts/lib/setup.mjs'
import { log } from '../scripts/lib/process.mjs'
import { MEET_DIR, MEET_MARKER } from './lib/meet.mjs'

const source = process.argv[2] || process.env.MEET_REPO || 'https://github.com/livekit-examples/meet.git'
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: MEET_DIR, stdio: ['ignore', 'inherit', 'inherit'], ...options })

rmSync(MEET_MARKER, { force: true })
if (!existsSync(join(MEET_DIR, 'package.json'))) {
  await step(`clone Meet from ${source}`, () => run('git', ['clone', '--depth', '1', source, MEET_DIR], { cwd: process.cwd() }))
}

const backgrounds = join(MEET_DIR, 'public/background-images')
for (const name of existsSync(backgrounds) ? readdirSync(backgrounds) : []) {
  const file = join(backgrounds, name)
  if (!readFileSync(file).subarray(0, 40).toString().startsWith('version https://git-lfs')) continue
  const gradient = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><defs><linearGradient id="g"><stop offset="0" stop-color="#345"/><stop offset="1" stop-color="#a76"/></linearGradient></defs><rect width="1280" height="720" fill="url(#g)"/></svg>`
  await sharp(Buffer.from(gradient)).jpeg({ quality: 80 }).toFile(file)
  log(`meet: ${name} was a Git LFS pointer; replaced by a generated 1280×720 JPEG`)
}

await step('Meet: npm install --legacy-peer-deps', () => run('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund']))
await step('Meet: next build', () => run(join(MEET_DIR, 'node_modules/.bin/next'), ['build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } }))
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: MEET_DIR }).toString().trim()
writeFileSync(MEET_MARKER, `${commit}\n`)
log(`meet: built ${commit} in ${MEET_DIR}; \`npm run bench viewer\` now runs it beside the app`)
