import { beforeEach, describe, expect, it } from 'vitest'
import { registerEndpoint } from '@nuxt/test-utils/runtime'
import { setResponseStatus } from 'h3'
import { createPinia, setActivePinia } from 'pinia'
import { useLiveKitStore } from '~/stores/livekit'
import { useLiveKitContext } from '~/composables/useLiveKitContext'
import { useRecording } from '~/composables/useRecording'

function refuse(path: string, statusCode: number, message: string, method: 'GET' | 'POST' = 'GET') {
  registerEndpoint(path, {
    method,
    handler: (event) => {
      setResponseStatus(event, statusCode)
      return { statusCode, statusMessage: 'Refused', message }
    },
  })
}

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('LiveKitContext store', () => {
  it('exposes exactly the guide\'s context API', () => {
    const context = useLiveKitContext()
    expect(Object.keys(context).sort()).toEqual([
      'clearError', 'connectToRoom', 'currentRoom', 'disconnectFromRoom', 'error', 'isHostMode', 'isRecording', 'streamQuality', 'viewerCount',
    ])
    expect(context.currentRoom.value).toBeNull()
    expect(context.viewerCount.value).toBe(0)
    expect(context.streamQuality.value).toBe('auto')
  })

  it('a refused host token leaves a friendly error, no room, and clearError resets it', async () => {
    refuse('/api/livekit/token', 401, 'Sign in as a host to go live.')
    const store = useLiveKitStore()
    await expect(store.connectToRoom({ room: 'r1', username: 'Host', admin: true })).rejects.toBeTruthy()
    expect(store.isHostMode).toBe(true)
    expect(store.currentRoom).toBeNull()
    expect(store.connectionState).toBe('disconnected')
    expect(store.error).toMatchObject({ kind: 'sign-in-required', title: 'Please sign in again' })
    expect(store.error!.message).toContain('Sign in as a host to go live.')
    store.clearError()
    expect(store.error).toBeNull()
  })

  it('keeps the chosen quality and the recording flag', () => {
    const store = useLiveKitStore()
    store.setStreamQuality('low')
    store.setRecording(true)
    const context = useLiveKitContext()
    expect(context.streamQuality.value).toBe('low')
    expect(context.isRecording.value).toBe(true)
  })
})

describe('useRecording', () => {
  it('shows the egress route\'s own message when it refuses, and stays off', async () => {
    refuse('/api/livekit/egress/start', 503, 'No LiveKit Egress worker is available to record.', 'POST')
    const recording = useRecording('r1')
    await recording.start()
    expect(recording.message.value).toBe('No LiveKit Egress worker is available to record.')
    expect(recording.isRecording.value).toBe(false)
    expect(recording.isBusy.value).toBe(false)
  })

  it('turns on when the route accepts', async () => {
    registerEndpoint('/api/livekit/egress/start', { method: 'POST', handler: () => ({ egressId: 'EG_1', roomName: 'r1', status: 'starting', startedAt: '2026-01-01T00:00:00Z' }) })
    const recording = useRecording('r1')
    await recording.start()
    expect(recording.message.value).toBe('')
    expect(recording.isRecording.value).toBe(true)
  })
})
