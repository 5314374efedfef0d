// Chat storage on both real backends (a SQLite file; PostgreSQL in a schema of this file's own):
// pages by id, shadow messages visible to their sender only, deletions, bans that expire, and the
// slow-mode slot that lets exactly one of many concurrent posts through.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Db } from '../../server/utils/db'
import { dbBackends } from './support/db-backends'
import { BUILTIN_HOST_ID } from '../../server/db/schema/catalog'
import {
  claimChatSlot, deleteChatMessage, findActiveChatBan, insertChatMessage, listChatBlockedWords, listChatMessages,
  listChatModeration, logChatModeration, newChatId, removeChatBan, replaceChatBlockedWords, upsertChatBan,
} from '../../server/utils/chat/store'
import { compileBlockedWords } from '../../server/utils/chat/blocked-words'
import type { ChatMessage } from '../../shared/types/chat'

const { backends, opened } = dbBackends('chat')

describe('newChatId', () => {
  it('sorts by time, also across a digit boundary, and is unique', () => {
    const ids = [newChatId(999), newChatId(1000), newChatId(Date.now()), newChatId(Date.now() + 1)]
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(Array.from({ length: 1000 }, () => newChatId(5))).size).toBe(1000)
  })
})

describe('compileBlockedWords', () => {
  it('matches whole words ignoring case and accents, and phrases with any spacing', () => {
    const test = compileBlockedWords(['spam', 'buy now', 'c++'])!
    expect(test('This is SPAM!')).toBe(true)
    expect(test('ｓｐａｍ')).toBe(true)
    expect(test('spamalot is a musical')).toBe(false)
    expect(test('BUY    now please')).toBe(true)
    expect(test('I like c++')).toBe(true)
    expect(test('nothing here')).toBe(false)
    expect(compileBlockedWords([])).toBeNull()
  })
})

describe.each(backends)('chat storage on %s', (_name, open) => {
  let db: Db
  const show = `show-${randomBytes(3).toString('hex')}`
  const msg = (at: number, chatterId: string, text: string, shadow = false): ChatMessage => ({
    id: newChatId(at), chatterId, name: chatterId.toUpperCase(), role: 'viewer', text, createdAt: at, ...(shadow ? { shadow: true as const } : {}),
  })

  it('pages messages newest-first by id and refills after an id', async () => {
    db = await open()
    opened.push(db)
    const now = Date.now()
    await db.run('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [show, BUILTIN_HOST_ID, 'Chat show', 'live', now, now])
    const all = Array.from({ length: 7 }, (_, i) => msg(now + i, 'anna', `m${i}`))
    for (const m of [...all].reverse()) await insertChatMessage(db, show, m)
    const newest = await listChatMessages(db, show, { limit: 3 })
    expect(newest.messages.map(m => m.text)).toEqual(['m4', 'm5', 'm6'])
    expect(newest.hasMore).toBe(true)
    const earlier = await listChatMessages(db, show, { limit: 3, before: newest.messages[0]!.id })
    expect(earlier.messages.map(m => m.text)).toEqual(['m1', 'm2', 'm3'])
    const refill = await listChatMessages(db, show, { limit: 10, after: all[2]!.id })
    expect(refill.messages.map(m => m.text)).toEqual(['m3', 'm4', 'm5', 'm6'])
    expect(refill.hasMore).toBe(false)
  })

  it('shows a shadow message to its sender only, and hides deleted ones from everyone', async () => {
    const now = Date.now() + 1000
    const hidden = msg(now, 'mallory', 'blocked words', true)
    const gone = msg(now + 1, 'anna', 'oops')
    await insertChatMessage(db, show, hidden)
    await insertChatMessage(db, show, gone)
    expect(await deleteChatMessage(db, show, gone.id, 'host:builtin')).toBe(true)
    expect(await deleteChatMessage(db, show, gone.id, 'host:builtin')).toBe(false)
    const forOthers = await listChatMessages(db, show, { limit: 100, viewerChatterId: 'anna' })
    expect(forOthers.messages.map(m => m.id)).not.toContain(hidden.id)
    expect(forOthers.messages.map(m => m.id)).not.toContain(gone.id)
    const forSender = await listChatMessages(db, show, { limit: 100, viewerChatterId: 'mallory' })
    expect(forSender.messages.find(m => m.id === hidden.id)).toEqual(hidden)
  })

  it('bans until lifted, time-outs until they expire', async () => {
    const now = Date.now()
    await upsertChatBan(db, show, { chatterId: 'troll', name: 'Troll', until: null, createdAt: now, by: 'host:builtin' })
    await upsertChatBan(db, show, { chatterId: 'loud', name: 'Loud', until: now + 60_000, createdAt: now, by: 'ops' })
    expect((await findActiveChatBan(db, show, 'troll', now + 86_400_000))?.until).toBeNull()
    expect((await findActiveChatBan(db, show, 'loud', now + 59_000))?.until).toBe(now + 60_000)
    expect(await findActiveChatBan(db, show, 'loud', now + 60_000)).toBeUndefined()
    expect(await removeChatBan(db, show, 'troll')).toBe(true)
    expect(await findActiveChatBan(db, show, 'troll', now)).toBeUndefined()
  })

  it('slow mode lets exactly one of 20 concurrent posts through, then the next after the interval', async () => {
    const now = Date.now()
    const results = await Promise.all(Array.from({ length: 20 }, () => db.transaction(tx => claimChatSlot(tx, show, 'speedy', 2000, now))))
    expect(results.filter(r => r === true)).toHaveLength(1)
    expect(results.filter(r => r !== true)).toEqual(Array.from({ length: 19 }, () => now + 2000))
    expect(await claimChatSlot(db, show, 'speedy', 2000, now + 1999)).toBe(now + 2000)
    expect(await claimChatSlot(db, show, 'speedy', 2000, now + 2000)).toBe(true)
  })

  it('keeps the blocked-words list and the moderation log with who did it', async () => {
    await replaceChatBlockedWords(db, ['spam', 'scam'], 'ops')
    await replaceChatBlockedWords(db, ['scam', 'fake'], 'ops')
    expect(await listChatBlockedWords(db)).toEqual(['fake', 'scam'])
    await logChatModeration(db, { showId: show, action: 'ban', actor: 'host:builtin', actorName: 'Host', chatterId: 'troll', detail: 'banned Troll' })
    const [entry] = await listChatModeration(db, show)
    expect(entry).toMatchObject({ action: 'ban', actor: 'host:builtin', actorName: 'Host', chatterId: 'troll', detail: 'banned Troll' })
  })
})
