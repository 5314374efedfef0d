// Shows are records now: LiveKit rooms exist only for shows the app knows (room.auto_create is off),
// so every test that joins a room creates its show first, as the stack's built-in host.
import type { ShowDetail } from '../../../shared/types/catalog'
import { signIn, type AppServer, type Stack } from './stack'

export interface NewShow {
  id: string
  title?: string
  description?: string
  scheduledAt?: string | null
  coverImage?: string | null
  lineup?: string[]
}

type Target = Stack | AppServer | { url: string, hostKey: string }

function resolveTarget(target: Target): { url: string, hostKey: string } {
  if ('app' in target) return { url: target.app.url, hostKey: target.hostKey }
  if ('hostKey' in target) return target
  const hostKey = target.env.HOST_ACCESS_KEY
  if (!hostKey) throw new Error('createShow: this app was started without HOST_ACCESS_KEY')
  return { url: target.url, hostKey }
}

/**
 * Creates a show as the HOST_ACCESS_KEY host (or with `cookie`, as that host). An existing show of
 * the same id is fine when `allowExisting` (tests that restart the app keep their database).
 */
export async function createShow(target: Target, show: NewShow, options: { cookie?: string, allowExisting?: boolean } = {}): Promise<ShowDetail> {
  const { url, hostKey } = resolveTarget(target)
  const cookie = options.cookie ?? await signIn(url, hostKey)
  const response = await fetch(`${url}/api/shows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title: show.id, ...show }),
  })
  if (response.status === 409 && options.allowExisting) {
    return (await fetch(`${url}/api/shows/${show.id}`)).json() as Promise<ShowDetail>
  }
  if (response.status !== 201) throw new Error(`createShow ${show.id}: ${response.status} ${await response.text()}`)
  return response.json() as Promise<ShowDetail>
}

/** Creates several shows at once (same host session). */
export async function createShows(target: Target, ids: string[]): Promise<void> {
  const { url, hostKey } = resolveTarget(target)
  const cookie = await signIn(url, hostKey)
  for (const id of ids) await createShow({ url, hostKey }, { id }, { cookie })
}
