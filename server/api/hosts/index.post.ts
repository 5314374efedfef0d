import type { HostAccount } from '#shared/types/hosts'

// Ops create a host account (name, email, password ≥ 10 characters).
export default defineEventHandler(async (event): Promise<HostAccount> => {
  await requireRole(event, 'ops')
  const input = await validBody(event, hostCreateSchema)
  const host = await createHostAccount(input)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return host
})
