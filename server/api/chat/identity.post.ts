// The device picks (or changes) its chat name; the sealed session keeps a random chatter id.
export default defineEventHandler(async (event) => {
  const { name } = await validBody(event, chatIdentitySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return setChatIdentity(event, name)
})
