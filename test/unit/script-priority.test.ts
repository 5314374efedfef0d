import { describe, expect, it } from 'vitest'
import { lowerScriptPriority } from '../../server/utils/script-priority'

describe('script priority', () => {
  it('asks for module scripts and their preloads at low priority, and leaves everything else alone', () => {
    const head = '<link nonce="n" rel="modulepreload" as="script" href="/_nuxt/a.js"><script nonce="n" type="module" src="/_nuxt/a.js"></script>'
      + '<link rel="stylesheet" href="/x.css"><script type="application/json">{}</script><link rel="modulepreload" fetchpriority="high" href="/_nuxt/b.js">'
    expect(lowerScriptPriority(head)).toBe('<link nonce="n" rel="modulepreload" fetchpriority="low" as="script" href="/_nuxt/a.js"><script nonce="n" type="module" fetchpriority="low" src="/_nuxt/a.js"></script>'
      + '<link rel="stylesheet" href="/x.css"><script type="application/json">{}</script><link rel="modulepreload" fetchpriority="high" href="/_nuxt/b.js">')
  })
})
