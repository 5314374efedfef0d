// The ops' blocked-words list as a matcher. Words match whole (not inside longer words), ignoring
// case, accents and width variants, so "Spam", "SPAM" and "ｓｐａｍ" all match "spam" but "spamalot"
// does not; a phrase of several words matches with any spacing between them.
import type { Db } from '../db'
import { listChatBlockedWords } from './store'

export function normalizeChatText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A test for `text`, or null when the list is empty. */
export function compileBlockedWords(words: string[]): ((text: string) => boolean) | null {
  const parts = words.map(word => normalizeChatText(word).trim()).filter(Boolean)
    .map(word => word.split(/\s+/).map(escape).join('\\s+'))
  if (!parts.length) return null
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'u')
  return text => pattern.test(normalizeChatText(text))
}

// Each instance re-reads the list at most every 2 s: an edit through one instance holds on the
// others within that time, and a busy chat costs one small query per 2 s, not one per message.
const CACHE_MS = 2000
let cached: { at: number, test: ((text: string) => boolean) | null } | undefined

export async function isChatTextBlocked(db: Db, text: string, now = Date.now()): Promise<boolean> {
  if (!cached || now - cached.at > CACHE_MS) cached = { at: now, test: compileBlockedWords(await listChatBlockedWords(db)) }
  return cached.test?.(text) ?? false
}

/** After an edit through this instance: it holds here at once. */
export function forgetChatBlockedWords() {
  cached = undefined
}
