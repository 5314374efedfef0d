import { describe, expect, it } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import { setResponseStatus } from 'h3'
import LoginPage from '~/pages/login.vue'

describe('host sign-in page', () => {
  it('shows the server\'s message when the key is refused, and keeps the form usable', async () => {
    registerEndpoint('/api/auth/login', {
      method: 'POST',
      handler: (event) => {
        setResponseStatus(event, 401)
        return { statusCode: 401, statusMessage: 'Unauthorized', message: 'That access key is not valid.' }
      },
    })
    const page = await mountSuspended(LoginPage)
    const button = page.get('button[type="submit"]')
    expect(button.attributes('disabled')).toBeDefined()

    await page.get('input#access-key').setValue('wrong-key')
    expect(button.attributes('disabled')).toBeUndefined()
    await page.get('form').trigger('submit')
    await flushPromises()
    await new Promise(resolve => setTimeout(resolve, 50))
    await flushPromises()

    expect(page.get('[role="alert"]').text()).toBe('That access key is not valid.')
    expect(button.attributes('disabled')).toBeUndefined()
  })
})
