import type { ObjectDirective } from 'vue'

// On a slow phone a visitor can type into a server-rendered field before the app's JS has loaded.
// When hydration reaches the field, v-model's `mounted` hook writes the model's value ('') into it
// and the text is gone. Vue (3.5.x) keeps such text itself only for type="text" and <textarea>
// (vuejs/core#14411; the other types are vuejs/core#15211, still open), not for the email and
// password fields of a sign-in form. Put `v-keep-early-input` on a v-model field: what the visitor
// typed before hydration is handed to v-model as if typed now.

type Field = HTMLInputElement | HTMLTextAreaElement

/**
 * Types whose DOM value is the typed text (browsers sanitise these only by dropping line breaks or
 * trimming). Dates, numbers, ranges and colours are left out: their DOM value can differ from the
 * server's attribute without anyone typing, and adopting it would invent an edit.
 */
const TYPED = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'textarea'])

interface Early { initial: string, latest: string, track: () => void }
const early = new WeakMap<Field, Early>()

export const vKeepEarlyInput: ObjectDirective<Field> = {
  created(el) {
    // Only while hydrating: a client-side render creates the element detached, with nothing typed in it.
    // `created` runs before any hook of this element writes its value (before v-model's `mounted`).
    if (!el.parentNode || !TYPED.has(el.type)) return
    const state: Early = { initial: el.defaultValue, latest: el.value, track: () => (state.latest = el.value) }
    // Typing can go on between this hook and `mounted` (an async page's hydration waits for its setup).
    el.addEventListener('input', state.track)
    early.set(el, state)
  },
  mounted(el) {
    const state = early.get(el)
    if (!state) return
    early.delete(el)
    el.removeEventListener('input', state.track)
    if (state.latest === state.initial) return
    // v-model's `mounted` hook may run before or after this one (directive order on the element);
    // a microtask runs after both of them, before the browser paints.
    queueMicrotask(() => {
      el.value = state.latest
      // v-model listens for `input`: the model takes the text, and whatever else listens learns of it.
      el.dispatchEvent(new Event('input', { bubbles: true }))
    })
  },
}
