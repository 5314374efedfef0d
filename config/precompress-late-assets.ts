import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineNuxtModule } from 'nuxt/kit'

// nitro.compressPublicAssets writes .br/.gz beside every public file, but @vite-pwa/nuxt writes the
// service worker (sw.js, workbox-*.js) and the web manifest after that step, so they would be sent
// uncompressed. Listed after '@vite-pwa/nuxt' in nuxt.config.ts, this runs right after it and gives
// those files the same treatment (same levels as Nitro's), before the server's asset list is built.
const LATE_FILES = /^(?:sw\.js|workbox-[\w-]+\.js|manifest\.webmanifest)$/

export default defineNuxtModule({
  meta: { name: 'precompress-late-assets' },
  setup(_options, nuxt) {
    nuxt.hook('nitro:build:public-assets', async (nitro) => {
      const dir = nitro.options.output.publicDir
      for (const name of (await readdir(dir)).filter(file => LATE_FILES.test(file))) {
        const content = await readFile(join(dir, name))
        if (content.length < 1024) continue
        await writeFile(join(dir, `${name}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }))
        await writeFile(join(dir, `${name}.gz`), gzipSync(content, { level: constants.Z_BEST_COMPRESSION }))
      }
    })
  },
})
