import type { NuxtHooks } from 'nuxt/schema'

type Manifest = Parameters<NuxtHooks['build:manifest']>[0]

/**
 * Drops the `<link rel="prefetch">` hints Nuxt writes for every lazy chunk a page could import.
 * On /watch those are the chat and shop panels, which load anyway once the first picture plays:
 * prefetched at page start they took 16 of the browser's six-per-host connections' turns and ~40 KB
 * of a phone's bandwidth before the first frame. Preloads (what the page needs now) are kept.
 */
export function dropPrefetchHints(manifest: Manifest): void {
  for (const resource of Object.values(manifest)) resource.prefetch = false
}
