// Whether this device has a network, for UI that must explain "offline" instead of showing a
// generic error (the header badge, the player and the broadcaster). navigator.onLine can say
// "online" on a network with no internet, so callers still handle failed requests; but when it
// says offline, it is right, and that is the state worth explaining.
export function useNetworkStatus() {
  const online = useOnline()
  const offline = computed(() => !online.value)
  // When the connection went away (ms since epoch), for "offline for 2 min" style messages.
  const offlineSince = ref<number | null>(import.meta.client && !online.value ? Date.now() : null)
  watch(online, (isOnline) => {
    offlineSince.value = isOnline ? null : Date.now()
  })

  /**
   * Runs `callback` each time the device comes back online (not on start-up), e.g. to reconnect a
   * LiveKit room that gave up while the network was gone. Stops with the calling component.
   */
  function onReconnect(callback: () => void) {
    return watch(online, (isOnline, wasOnline) => {
      if (isOnline && wasOnline === false) callback()
    })
  }

  return { online: readonly(online), offline, offlineSince: readonly(offlineSince), onReconnect }
}
