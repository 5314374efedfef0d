// The home page's cards as a shopper reads them: prices, the picture chosen, countdown wording and
// the calendar download, the ended time.
import { describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import type { HomeLiveShow, HomeShow } from '#shared/types/home'
import HomeLiveCard from '~/components/home/HomeLiveCard.vue'
import HomeUpcomingCard from '~/components/home/HomeUpcomingCard.vue'
import HomeEndedCard from '~/components/home/HomeEndedCard.vue'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const base: HomeShow = {
  id: 'spring', title: 'Spring drop', hostName: 'Anna', status: 'scheduled', coverImage: 'cover12345', snapshotImage: null,
  scheduledAt: '2026-11-26T14:05:00Z', startedAt: null, endedAt: null,
}

describe('home cards', () => {
  it('a live card prefers the studio frame, says how many watch and lists products with prices', async () => {
    const show: HomeLiveShow = {
      ...base, status: 'live', snapshotImage: 'frame12345', viewers: 42, onAir: true,
      products: [{ id: 'a', title: 'Mug', price: 1450, currency: 'EUR', image: 'mugimage1' }, { id: 'b', title: 'Cup', price: 1200, currency: 'JPY', image: null }],
    }
    const card = await mountSuspended(HomeLiveCard, { props: { show, eager: true, priority: true } })
    const picture = card.get('.home-card-media img')
    expect(picture.attributes('src')).toBe('/uploads/frame12345/480.webp')
    expect(picture.attributes('srcset')).toContain('/uploads/frame12345/1080.webp 1080w')
    expect(picture.attributes('loading')).toBe('eager')
    expect(picture.attributes('fetchpriority')).toBe('high')
    expect(picture.attributes('data-image')).toBe('snapshot')
    expect(card.get('[data-testid="live-card-viewers"]').text()).toBe('42 watching')
    expect(card.get('.live-badge').text()).toBe('LIVE')
    expect(card.findAll('.home-products li').map(li => [li.get('span').text(), li.get('strong').text()])).toEqual([['Mug', '€14.50'], ['Cup', '¥1,200']])
    expect(card.get('a').attributes('href')).toBe('/watch/spring')
  })

  it('a live card without counts (LiveKit did not answer) or pictures still reads well', async () => {
    const show: HomeLiveShow = { ...base, status: 'live', coverImage: null, viewers: null, onAir: null, products: [] }
    const card = await mountSuspended(HomeLiveCard, { props: { show } })
    expect(card.get('.home-card-media [data-image]').attributes('data-image')).toBe('none')
    expect(card.find('[data-testid="live-card-viewers"]').exists()).toBe(false)
    expect(card.find('.home-card-media img').exists()).toBe(false)
    expect(card.find('.home-image-empty').exists()).toBe(true)
  })

  it('a live show whose host is off air right now (dropped out, stopped) says "Starting soon" instead of LIVE', async () => {
    const show: HomeLiveShow = { ...base, status: 'live', viewers: 3, onAir: false, products: [] }
    const card = await mountSuspended(HomeLiveCard, { props: { show } })
    expect(card.find('.live-badge').exists()).toBe(false)
    expect(card.get('[data-testid="live-card-starting"]').text()).toBe('Starting soon')
  })

  it('a scheduled card counts down and offers the .ics file', async () => {
    const card = await mountSuspended(HomeUpcomingCard, { props: { show: base, now: NOW, localTime: false } })
    expect(card.get('[data-testid="upcoming-countdown"]').text()).toBe('Starts in 2 h 05 min')
    const calendar = card.get('[data-testid="add-to-calendar"]')
    expect(calendar.attributes('href')).toBe('/api/shows/spring/calendar.ics')
    expect(calendar.attributes('download')).toBe('spring.ics')
    expect(calendar.text()).toContain('Add to calendar')
    expect(card.get('.home-card-media img').attributes('loading')).toBe('lazy')
    // Only the page's first picture asks for high priority; the rest share the bandwidth.
    expect(card.get('.home-card-media img').attributes('fetchpriority')).toBe('auto')
    // The start in the viewer's time zone only once running in the browser, on a line kept for it.
    expect(card.get('.home-card-local').text()).toBe('')
    await card.setProps({ localTime: true })
    expect(card.get('.home-card-local').text()).toMatch(/\d{2}:\d{2}/)
    await card.setProps({ now: Date.parse('2026-11-26T14:06:00Z') })
    expect(card.get('[data-testid="upcoming-countdown"]').text()).toBe('Starts any minute now')
  })

  it('an ended card says when it ended', async () => {
    const card = await mountSuspended(HomeEndedCard, { props: { show: { ...base, status: 'ended', endedAt: '2026-11-26T09:00:00Z' }, now: NOW } })
    expect(card.get('.home-card-meta').text()).toBe('with Anna · ended 3 h ago')
    expect(card.get('a').attributes('href')).toBe('/watch/spring')
    expect(card.attributes('data-testid')).toBe('ended-card')
  })
})
