// CSS cannot import MOBILE_QUERY, so the two stylesheets that lay out the phone watch page before
// any script runs (the header hidden while the player's placeholder holds its place) write it out.
// This keeps them on the query the app switches layouts by: a drift would show the desktop header
// over the phone player, or shift the page when the app starts.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MOBILE_QUERY } from '../../composables/useMobileLayout'

const root = resolve(import.meta.dirname, '../..')
const mediaQueries = (file: string) => [...readFileSync(resolve(root, file), 'utf8').matchAll(/@media ([^{]+)\{/g)].map(match => match[1]!.trim())

describe('the phone layout\'s media query in CSS', () => {
  it.each(['assets/css/main.css', 'pages/watch/[room].vue'])('%s uses MOBILE_QUERY as it is', (file) => {
    expect(mediaQueries(file)).toContain(MOBILE_QUERY)
  })
})
