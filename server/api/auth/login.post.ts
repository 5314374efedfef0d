import { BUILTIN_HOST_ID } from '../../db/schema/catalog'
import { z } from 'zod'

const loginSchema = z.object({ key: z.string({ error: 'is required' }).min(1, 'must not be empty').max(256, 'is too long') })

// One message for every wrong key: it must not tell a guesser anything.
export default defineEventHandler(async (event) => {
  await rateLimit(event, 'login', useRuntimeConfig().loginRateLimit)
  const { key } = await validBody(event, loginSchema)
  const role = roleForKey(event, key)
  if (!role) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'That access key is not valid.' })
  }
  await setUserSession(event, { user: role === 'host' ? { role, hostId: BUILTIN_HOST_ID, name: 'Host' } : { role }, loggedInAt: Date.now() })
  return { role }
})
