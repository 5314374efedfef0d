// Ops' blocked-words list (messages matching it are shown to their sender only).
export default defineEventHandler(async (event) => {
  await requireRole(event, 'ops')
  return { words: await listChatBlockedWords(await requireDb()) }
})
