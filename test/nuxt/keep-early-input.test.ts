import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h, nextTick, ref, vModelText, withDirectives, type DirectiveArguments } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { vKeepEarlyInput } from '~/utils/keep-early-input'

// The directive against Vue's real hydration: the server's HTML in a container, text "typed" into
// it, then the app hydrates. (test/e2e/early-input.test.ts does the same in Chromium with the app's
// scripts held back.)

function form(type: string, order: 'after' | 'before') {
  const model = ref('')
  const component = defineComponent({
    render: () => withDirectives(h('input', { 'type': type, 'onUpdate:modelValue': (value: string) => (model.value = value) }), (order === 'after'
      ? [[vModelText, model.value], [vKeepEarlyInput]]
      : [[vKeepEarlyInput], [vModelText, model.value]]) as DirectiveArguments),
  })
  return { component, model }
}

async function hydrateTyping(type: string, typed: string | null, order: 'after' | 'before' = 'after') {
  const { component, model } = form(type, order)
  const container = document.createElement('div')
  container.innerHTML = await renderToString(createSSRApp(component))
  document.body.append(container)
  const input = container.querySelector('input')!
  if (typed !== null) input.value = typed
  createSSRApp(component).mount(container)
  await nextTick()
  await nextTick()
  container.remove()
  return { model: model.value, shown: input.value }
}

describe('v-keep-early-input', () => {
  it('hands text typed before hydration to v-model (password and email, which Vue itself resets)', async () => {
    expect(await hydrateTyping('password', 's3cret key')).toEqual({ model: 's3cret key', shown: 's3cret key' })
    expect(await hydrateTyping('email', 'anna@example.com')).toEqual({ model: 'anna@example.com', shown: 'anna@example.com' })
  })

  it('works whether it stands before or after v-model on the element', async () => {
    expect(await hydrateTyping('password', 'typed first', 'before')).toEqual({ model: 'typed first', shown: 'typed first' })
  })

  it('leaves an untouched field, and types whose DOM value can differ without typing, to v-model', async () => {
    expect(await hydrateTyping('password', null)).toEqual({ model: '', shown: '' })
    expect(await hydrateTyping('datetime-local', '2026-01-01T10:00')).toEqual({ model: '', shown: '' })
  })
})
