// The /shows lineup picker, the scheduled-show view and the Share button, as a person uses them.
import { describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import type { Product, ShowDetail } from '#shared/types/catalog'
import ShowsLineupPicker from '~/components/shows/ShowsLineupPicker.vue'
import ShowsUpcoming from '~/components/shows/ShowsUpcoming.vue'
import ShowsShareButton from '~/components/shows/ShowsShareButton.vue'

const product = (id: string, title: string, price: number): Product => ({
  id, hostId: 'h', title, description: '', price, currency: 'EUR', images: [], stock: 1, sku: null, externalUrl: null, archived: false, variants: [],
})
const PRODUCTS = [product('tee', 'Tee', 2900), product('mug', 'Mug', 1450), product('cap', 'Cap', 1900)]

describe('ShowsLineupPicker', () => {
  it('moves, removes and adds products, in order', async () => {
    let lineup = ['tee', 'mug']
    const picker = await mountSuspended(ShowsLineupPicker, {
      props: { 'products': PRODUCTS, 'inputId': 'lineup', 'modelValue': lineup, 'onUpdate:modelValue': (value: string[]) => {
        lineup = value
        void picker.setProps({ modelValue: value })
      } },
    })
    expect(picker.findAll('li').map(li => li.text())).toEqual([expect.stringContaining('Tee'), expect.stringContaining('Mug')])
    expect(picker.get('[aria-label="Move Tee up"]').attributes('disabled')).toBeDefined()
    await picker.get('[aria-label="Move Mug up"]').trigger('click')
    expect(lineup).toEqual(['mug', 'tee'])
    await flushPromises()
    await picker.get('[aria-label="Remove Mug from the lineup"]').trigger('click')
    expect(lineup).toEqual(['tee'])
    await flushPromises()
    // Only products not in the lineup are offered, with their price.
    const options = picker.findAll('option').map(option => option.text())
    expect(options).toEqual(['Choose a product…', 'Mug — €14.50', 'Cap — €19.00'])
    await picker.get('select').setValue('cap')
    await picker.get('[data-testid="lineup-add"]').trigger('click')
    expect(lineup).toEqual(['tee', 'cap'])
  })
})

const show = (overrides: Partial<ShowDetail>): ShowDetail => ({
  id: 'launch', hostId: 'h', hostName: 'Mia', title: 'Launch party', description: '', coverImage: null, snapshotImage: null,
  scheduledAt: null, status: 'scheduled', startedAt: null, endedAt: null, lineup: [], ...overrides,
})

describe('ShowsUpcoming', () => {
  it('counts down to a future start', async () => {
    const inTwoHours = new Date(Date.now() + 2 * 3600_000 + 30_000).toISOString()
    const view = await mountSuspended(ShowsUpcoming, { props: { show: show({ scheduledAt: inTwoHours }), connecting: false } })
    expect(view.get('h2').text()).toBe('Launch party')
    expect(view.text()).toContain('with Mia')
    expect(view.get('[data-testid="countdown"]').text()).toMatch(/Starts in 2 h 00 min/)
    expect(view.get('[role="status"]').text()).toMatch(/^Starts /)
  })

  it('says "Starting any moment" once the start has passed, or when the host is on air without video yet', async () => {
    const past = await mountSuspended(ShowsUpcoming, { props: { show: show({ scheduledAt: new Date(Date.now() - 60_000).toISOString() }), connecting: false } })
    expect(past.find('[data-testid="countdown"]').exists()).toBe(false)
    expect(past.get('[role="status"]').text()).toBe('Starting any moment')
    const live = await mountSuspended(ShowsUpcoming, { props: { show: show({ status: 'live' }), connecting: false } })
    expect(live.get('[role="status"]').text()).toBe('Starting any moment')
    const unscheduled = await mountSuspended(ShowsUpcoming, { props: { show: show({}), connecting: false } })
    expect(unscheduled.get('[role="status"]').text()).toBe('Starts when the host goes live')
  })
})

describe('ShowsShareButton', () => {
  it('copies the watch link where there is no share sheet, and says so', async () => {
    const nav = navigator as Navigator & { share?: unknown }
    const originalShare = nav.share
    Object.defineProperty(nav, 'share', { value: undefined, configurable: true })
    try {
      const button = await mountSuspended(ShowsShareButton, { props: { showId: 'launch', title: 'Launch party' } })
      expect(button.get('[role="status"]').text()).toBe('')
      await button.get('button').trigger('click')
      await flushPromises()
      await new Promise(resolve => setTimeout(resolve, 20))
      expect(button.get('[role="status"]').text()).toBe('Link copied')
      // What reached the clipboard is checked in real Chromium (test/e2e/show-flow.test.ts).
    }
    finally {
      Object.defineProperty(nav, 'share', { value: originalShare, configurable: true })
    }
  })
})
