import { describe, expect, it } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import { readBody, setResponseStatus } from 'h3'
import HostsPage from '~/pages/hosts/index.vue'
import type { HostAccount } from '#shared/types/hosts'

const anna: HostAccount = { id: 'h1', name: 'Anna Seller', email: 'anna@example.com', disabled: false, createdAt: '2026-11-01T10:00:00.000Z', shows: 2 }

// The routes as the server answers them (one handler per route and method for the whole file).
registerEndpoint('/api/hosts', { method: 'GET', handler: () => ({ hosts: [anna] }) })
registerEndpoint('/api/hosts', {
  method: 'POST',
  handler: async (event) => {
    const body = await readBody<{ name: string, email: string, password: string }>(event)
    if (body.email === anna.email) {
      setResponseStatus(event, 409)
      return { statusCode: 409, statusMessage: 'Conflict', message: `email: a host with ${anna.email} already exists.` }
    }
    setResponseStatus(event, 201)
    return { id: 'h2', name: body.name, email: body.email, disabled: false, createdAt: new Date().toISOString(), shows: 0 }
  },
})
registerEndpoint('/api/hosts/h1', {
  method: 'PATCH',
  handler: async event => ({ ...anna, ...(await readBody<Partial<HostAccount>>(event)) }),
})

async function settle() {
  await flushPromises()
  await new Promise(resolve => setTimeout(resolve, 50))
  await flushPromises()
}

describe('hosts page', () => {
  it('lists hosts with status and show count', async () => {
    const page = await mountSuspended(HostsPage)
    const item = page.get('[data-testid="host-anna@example.com"]')
    expect(item.text()).toContain('Anna Seller')
    expect(item.text()).toContain('2 shows')
    expect(item.get('[data-testid="host-status"]').text()).toBe('Active')
  })

  it('puts the server\'s error under the field it names, then creates and shows the password once', async () => {
    const page = await mountSuspended(HostsPage)
    const form = page.get('[data-testid="host-create"]')
    await form.get('input[name="name"]').setValue('Bruno')
    await form.get('input[name="email"]').setValue('anna@example.com')
    await form.get('input[name="password"]').setValue('long enough pass')
    await form.trigger('submit')
    await settle()
    const email = form.get('input[name="email"]')
    expect(email.attributes('aria-invalid')).toBe('true')
    expect(form.get(`#${email.attributes('aria-describedby')}`).text()).toBe('Email a host with anna@example.com already exists.')

    await email.setValue('bruno@example.com')
    await form.trigger('submit')
    await settle()
    expect(page.find('[data-testid="host-bruno@example.com"]').exists()).toBe(true)
    expect(page.get('[data-testid="handover-password"]').text()).toBe('long enough pass')
    expect(form.get<HTMLInputElement>('input[name="password"]').element.value).toBe('')
  })

  it('disables a host and says it was signed out', async () => {
    const page = await mountSuspended(HostsPage)
    const item = page.get('[data-testid="host-anna@example.com"]')
    await item.get('button[aria-label="Disable Anna Seller"]').trigger('click')
    await settle()
    expect(item.get('[data-testid="host-status"]').text()).toBe('Disabled')
    expect(page.get('[data-testid="hosts-notice"]').text()).toContain('Anna Seller is disabled and was signed out everywhere.')
    expect(page.find('[data-testid="handover-password"]').exists()).toBe(false)
  })
})
