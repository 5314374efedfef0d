import { z } from 'zod'
import { createError, getQuery, getRequestHeader, H3Error, readBody, type H3Event } from 'h3'
import { ROOM_NAME_MAX, ROOM_NAME_PATTERN, USERNAME_MAX } from '#shared/utils/room-name'

export const roomNameSchema = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .max(ROOM_NAME_MAX, `must be at most ${ROOM_NAME_MAX} characters`)
  .regex(ROOM_NAME_PATTERN, 'may only contain letters, digits, "-" and "_"')

// Printable = no control, format or separator-other characters (\p{C}); trimmed first.
export const displayNameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(USERNAME_MAX, `must be at most ${USERNAME_MAX} characters`)
  .regex(/^[^\p{C}]+$/u, 'must contain printable characters only')

const booleanParam = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform(value => value === 'true' || value === '1')

export const tokenQuerySchema = z.object({
  room: roomNameSchema,
  username: displayNameSchema,
  admin: booleanParam.optional().default(false),
})

export type TokenQuery = z.infer<typeof tokenQuerySchema>

/** One line per problem, e.g. "room: must not be empty; username: is required". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/** Parses `data` or throws a 400 whose message says what to fix. */
export function parseOr400<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data)
  if (!result.success) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: describeIssues(result.error) })
  }
  return result.data
}

export function validQuery<T extends z.ZodType>(event: H3Event, schema: T): z.infer<T> {
  return parseOr400(schema, getQuery(event))
}

/** Reads a JSON body; anything that is not a JSON object is a 400, not a 500. */
export async function validBody<T extends z.ZodType>(event: H3Event, schema: T): Promise<z.infer<T>> {
  // Exactly application/json (parameters such as charset allowed): "text/plain;application/json"
  // or a form type would be sent by a browser from any site without a preflight.
  const type = (getRequestHeader(event, 'content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase()
  if (type !== 'application/json') {
    throw createError({ statusCode: 415, statusMessage: 'Unsupported Media Type', message: 'Send the body as JSON with Content-Type: application/json.' })
  }
  let body: unknown
  try {
    body = await readBody(event)
  }
  catch (error) {
    // 413 and friends from the request guard pass through; anything else is a parse error.
    if (error instanceof H3Error && error.statusCode < 500) throw error
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The body is not valid JSON.' })
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The body must be a JSON object.' })
  }
  return parseOr400(schema, body)
}
