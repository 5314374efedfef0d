// App icons from the one SVG source (public/logo.svg). Regenerate after changing the logo with
//   npx pwa-assets-generator
// and commit the PNG/ICO files it writes next to the source (public/). The manifest in
// config/pwa.ts names them, so the build never needs sharp.
import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config'

// The maskable and Apple icons are shown on a solid plate: use the app's page colour, not white.
const plate = { background: '#0b1020', fit: 'contain' as const }

export default defineConfig({
  headLinkOptions: { preset: '2023' },
  preset: {
    ...minimal2023Preset,
    maskable: { ...minimal2023Preset.maskable, resizeOptions: plate },
    apple: { ...minimal2023Preset.apple, resizeOptions: plate },
  },
  images: ['public/logo.svg'],
})
