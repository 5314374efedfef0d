// The chat list a person reads: names and texts as text, a badge for the host, moderation only for
// moderators, and a screen-reader summary that does not read out every message of a busy chat.
import { describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import ChatMessageList from '~/components/chat/ChatMessageList.vue'
import type { ChatMessage } from '#shared/types/chat'

const message = (i: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${String(i).padStart(4, '0')}`, chatterId: `c${i}`, name: `Viewer ${i}`, role: 'viewer', text: `message ${i}`, createdAt: i, ...over,
})

describe('ChatMessageList', () => {
  it('shows markup as text and badges the host', async () => {
    const list = await mountSuspended(ChatMessageList, {
      props: { messages: [message(1, { text: '<img src=x onerror=alert(1)>' }), message(2, { role: 'host', name: 'Host' })], chatterId: null },
    })
    expect(list.findAll('img')).toHaveLength(0)
    expect(list.findAll('[data-testid="chat-text"]')[0]!.text()).toBe('<img src=x onerror=alert(1)>')
    expect(list.find('[data-role="host"] .badge').text()).toBe('Host')
    expect(list.find('[data-testid="chat-moderate"]').exists()).toBe(false)
  })

  it('offers moderation to moderators, without time-out or ban on their own messages', async () => {
    const list = await mountSuspended(ChatMessageList, {
      props: { messages: [message(1), message(2, { chatterId: 'me' })], chatterId: 'me', moderator: true },
    })
    const [theirs, own] = list.findAll('[data-testid="chat-message"]')
    await theirs!.get('[data-testid="chat-moderate"]').trigger('click')
    await own!.get('[data-testid="chat-moderate"]').trigger('click')
    expect(theirs!.find('[data-testid="chat-ban"]').exists()).toBe(true)
    expect(own!.find('[data-testid="chat-ban"]').exists()).toBe(false)
    expect(own!.find('[data-testid="chat-delete"]').exists()).toBe(true)
    await theirs!.get('[data-testid="chat-timeout"]').trigger('click')
    expect(list.emitted('timeout')?.[0]?.[0]).toMatchObject({ id: 'm0001' })
  })

  it('announces one new message by name, a burst as a count, and never the reader\'s own', async () => {
    const list = await mountSuspended(ChatMessageList, { props: { messages: [message(1)], chatterId: 'me' } })
    const announcer = () => list.get('[data-testid="chat-announcer"]').text()
    await list.setProps({ messages: [message(1), message(2)] })
    await flushPromises()
    expect(announcer()).toBe('Viewer 2: message 2')
    expect(list.get('[data-testid="chat-announcer"]').attributes('aria-live')).toBe('polite')
    await new Promise(resolve => setTimeout(resolve, 4100))
    await list.setProps({ messages: [message(1), message(2), message(3, { chatterId: 'me' })] })
    await flushPromises()
    expect(announcer()).toBe('Viewer 2: message 2')
    await list.setProps({ messages: [1, 2, 3, 4, 5, 6].map(i => message(i, i === 3 ? { chatterId: 'me' } : {})) })
    await flushPromises()
    expect(announcer()).toBe('3 new messages')
  })
})
