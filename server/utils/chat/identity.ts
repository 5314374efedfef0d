// Who is chatting: the device's chatter (a random id + chosen name in the sealed session cookie,
// apart from the host/ops `user`) and, for the show's host or ops, a badge and moderation rights.
import { randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'
import type { ChatIdentity, ChatRole } from '#shared/types/chat'
import { BUILTIN_HOST_ID } from '../../db/schema/catalog'
import type { ShowAccessRow } from '../show-access'

export interface ChatSpeaker {
  chatterId: string
  name: string
  role: ChatRole
  /** The show's host or ops: no slow mode, bans or word filter for them. */
  moderator: boolean
}

const newChatterId = () => `c${randomUUID().replaceAll('-', '').slice(0, 20)}`

/** Sets (or renames) this device's chatter; the id stays the same across renames. */
export async function setChatIdentity(event: H3Event, name: string): Promise<ChatIdentity> {
  const session = await getUserSession(event)
  const chatter = { id: session.chatter?.id ?? newChatterId(), name }
  await setUserSession(event, { chatter })
  return { chatterId: chatter.id, name }
}

/** "host:<hostId>" / "ops" for the moderation log, with a readable name. */
export function moderatorActor(user: { role: 'host' | 'ops', hostId?: string, name?: string }) {
  return user.role === 'host'
    ? { actor: `host:${user.hostId ?? BUILTIN_HOST_ID}`, actorName: user.name ?? 'Host' }
    : { actor: 'ops', actorName: user.name ?? 'Ops' }
}

/**
 * The speaker for this show, or null when the device has not chosen a chat name. A signed-in host
 * of the show (or ops) without one gets a chatter named after their account.
 */
export async function findChatSpeaker(event: H3Event, show: ShowAccessRow): Promise<ChatSpeaker | null> {
  const session = await getUserSession(event)
  // A revoked host/ops session (rotated key, disabled account) speaks as nobody special.
  const user = await currentUser(event)
  const manager = !!user && (user.role === 'ops' || show.host_id === (user.hostId ?? BUILTIN_HOST_ID))
  let chatter = session.chatter
  if (!chatter && manager) {
    chatter = { id: newChatterId(), name: user!.name ?? (user!.role === 'ops' ? 'Ops' : 'Host') }
    await setUserSession(event, { chatter })
  }
  if (!chatter) return null
  return { chatterId: chatter.id, name: chatter.name, role: manager ? user!.role : 'viewer', moderator: manager }
}

/** The chatter id of this device, without creating one. */
export async function currentChatterId(event: H3Event): Promise<string | null> {
  return (await getUserSession(event)).chatter?.id ?? null
}
