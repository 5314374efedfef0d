import { defineNuxtModule } from 'nuxt/kit'

// Nothing in a page's HTML blocks its first paint. Measured on the home page (Lighthouse mobile,
// simulated slow 4G), the paint waited for the entry's stylesheet (main.css, ~1 KB brotli, but a
// request of its own, on a connection of its own, before anything shows). The global CSS is
// inlined into the HTML with the components' styles (features.inlineStyles: true in
// nuxt.config.ts), so the entry's link is dropped here. Pages are always server-rendered, so every
// page carries it; client-side navigation keeps the inlined <style> in the document.
export default defineNuxtModule({
  meta: { name: 'first-paint' },
  setup(_options, nuxt) {
    nuxt.hook('build:manifest', (manifest) => {
      for (const chunk of Object.values(manifest)) {
        if (chunk.isEntry && chunk.css) chunk.css = chunk.css.filter(file => !/^entry\.[\w-]+\.css$/.test(file))
      }
    })
  },
})
