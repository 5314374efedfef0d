import { describe, expect, it } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import { readBody, setResponseHeader, setResponseStatus } from 'h3'
import LoginPage from '~/pages/login.vue'

// One endpoint for the whole file (registerEndpoint keeps the first handler per route): it answers
// from the body, as the real route would for each credential.
registerEndpoint('/api/auth/login', {
  method: 'POST',
  handler: async (event) => {
    const body = await readBody<{ key?: string, email?: string, password?: string }>(event)
    if (body.key) {
      setResponseStatus(event, 401)
      return { statusCode: 401, statusMessage: 'Unauthorized', message: 'That access key is not valid.' }
    }
    if (body.email === 'locked@example.com') {
      setResponseStatus(event, 429)
      setResponseHeader(event, 'Retry-After', 287)
      return { statusCode: 429, statusMessage: 'Too Many Requests', message: 'Too many requests from your network. Try again in 287 s.' }
    }
    setResponseStatus(event, 401)
    return { statusCode: 401, statusMessage: 'Unauthorized', message: 'That email and password do not match an active host.' }
  },
})

async function settle() {
  await flushPromises()
  await new Promise(resolve => setTimeout(resolve, 50))
  await flushPromises()
}

describe('sign-in page', () => {
  it('shows the server\'s message when the key is refused, and keeps the form usable', async () => {
    const page = await mountSuspended(LoginPage)
    const form = page.get('[data-testid="key-form"]')
    const button = form.get('button[type="submit"]')
    expect(button.attributes('disabled')).toBeDefined()

    await page.get('input#access-key').setValue('wrong-key')
    expect(button.attributes('disabled')).toBeUndefined()
    await form.trigger('submit')
    await settle()

    expect(form.get('[role="alert"]').text()).toBe('That access key is not valid.')
    expect(page.get('[data-testid="account-form"]').find('[role="alert"]').exists()).toBe(false)
    expect(button.attributes('disabled')).toBeUndefined()
  })

  it('signs a host account in with email + password: a wrong password shows the server\'s message by that form', async () => {
    const page = await mountSuspended(LoginPage)
    const form = page.get('[data-testid="account-form"]')
    const button = form.get('button[type="submit"]')
    expect(page.get('label[for="email"]').text()).toBe('Email')
    expect(page.get('label[for="password"]').text()).toBe('Password')
    expect(button.attributes('disabled')).toBeDefined()

    await page.get('input#email').setValue('anna@example.com')
    expect(button.attributes('disabled')).toBeDefined() // a password is needed too
    await page.get('input#password').setValue('not the password')
    expect(button.attributes('disabled')).toBeUndefined()
    await form.trigger('submit')
    await settle()

    expect(form.get('[role="alert"]').text()).toBe('That email and password do not match an active host.')
    expect(button.attributes('disabled')).toBeUndefined()
  })

  it('says in minutes when to try again after too many attempts (429)', async () => {
    const page = await mountSuspended(LoginPage)
    const form = page.get('[data-testid="account-form"]')
    await page.get('input#email').setValue('locked@example.com')
    await page.get('input#password').setValue('whatever password')
    await form.trigger('submit')
    await settle()
    expect(form.get('[role="alert"]').text()).toBe('Too many sign-in attempts. Try again in 5 min.')
  })

  it('says when the page that sent here is for ops, and keeps both forms', async () => {
    const page = await mountSuspended(LoginPage, { route: '/login?redirect=/hosts&need=ops' })
    expect(page.get('[data-testid="needs-ops"]').text()).toBe('That page is for ops: sign in with the ops access key below.')
    expect(page.find('[data-testid="key-form"]').exists()).toBe(true)
    expect(page.find('[data-testid="account-form"]').exists()).toBe(true)
    const plain = await mountSuspended(LoginPage, { route: '/login?redirect=/products' })
    expect(plain.find('[data-testid="needs-ops"]').exists()).toBe(false)
  })
})
