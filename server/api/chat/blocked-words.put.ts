// Replaces the blocked-words list (ops only); logged with who changed it.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, 'ops')
  const { words } = await validBody(event, blockedWordsSchema)
  const unique = [...new Set(words.map(word => normalizeChatText(word)))]
  const db = await requireDb()
  const { actor, actorName } = moderatorActor(user)
  await db.transaction(tx => replaceChatBlockedWords(tx, unique, actor))
  forgetChatBlockedWords()
  await logChatModeration(db, { showId: null, action: 'blocked-words', actor, actorName, detail: `${unique.length} blocked words` })
  return { words: unique.sort() }
})
