// An element a session owns but a layout renders: the player's <video>/<audio>/stage, the studio's
// preview <video>. The layout on screen hands its element over with bind() for as long as it is
// mounted; during a layout switch the new layout may bind before the old one lets go, so a layout
// only ever clears what it set itself.
import type { Ref } from 'vue'

export function useLayoutElement<T extends Element>() {
  const element = shallowRef<T | null>(null)

  function bind(source: Readonly<Ref<T | null>>) {
    watch(source, (current, old) => {
      if (current) element.value = current
      else if (element.value === old) element.value = null
    }, { immediate: true })
    tryOnScopeDispose(() => {
      if (element.value === source.value) element.value = null
    })
  }

  return { element: element as Readonly<Ref<T | null>>, bind }
}
