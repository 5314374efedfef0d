import { lowerScriptPriority } from '../utils/script-priority'

// The home page is complete as the server sends it (its links work without JavaScript; the
// scripts keep the lists fresh and tick the countdowns), so its scripts are fetched at low
// priority and the paint and the first picture go first. At the default (high) priority its ten
// modules (~90 KB brotli) competed with them for a phone's bandwidth: Lighthouse's slow-4G
// estimate of the first paint went from 1.84 s to 0.87 s without them. Pages that need their
// scripts at once (the player, the studio) keep the default.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    if (event.path !== '/') return
    html.head = html.head.map(lowerScriptPriority)
  })
})
