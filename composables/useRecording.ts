// Recording start/stop for a host through the egress routes. The routes' own error message is shown
// as is (e.g. "no Egress worker"): it is written for people.
import type { MaybeRefOrGetter } from 'vue'

export function useRecording(roomName: MaybeRefOrGetter<string>) {
  const { isRecording, setRecording } = useLiveKit()
  const isBusy = ref(false)
  const message = ref('')
  const egressId = ref<string | null>(null)

  function messageOf(error: unknown, fallback: string) {
    return (error as { data?: { message?: string } }).data?.message ?? fallback
  }

  async function start() {
    isBusy.value = true
    message.value = ''
    try {
      const result = await $fetch<{ egressId: string }>('/api/livekit/egress/start', { method: 'POST', body: { roomName: toValue(roomName) } })
      egressId.value = result.egressId
      setRecording(true)
    }
    catch (error) {
      message.value = messageOf(error, 'Could not start the recording. Check your connection and try again.')
    }
    finally {
      isBusy.value = false
    }
  }

  async function stop() {
    isBusy.value = true
    message.value = ''
    try {
      await $fetch('/api/livekit/egress/stop', {
        method: 'POST',
        body: egressId.value ? { egressId: egressId.value } : { roomName: toValue(roomName) },
      })
      egressId.value = null
      setRecording(false)
    }
    catch (error) {
      message.value = messageOf(error, 'Could not stop the recording. Check your connection and try again.')
    }
    finally {
      isBusy.value = false
    }
  }

  return { isRecording, isBusy, message, start, stop, toggle: () => (isRecording.value ? stop() : start()) }
}
