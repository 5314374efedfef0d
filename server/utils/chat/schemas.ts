// What the chat routes accept. Messages a person can act on come from describeIssues (validation.ts).
import { z } from 'zod'
import { getRouterParam, type H3Event } from 'h3'
import { CHAT_BLOCKED_WORDS_MAX, CHAT_PAGE_MAX, CHAT_SLOW_MODE_MAX_SECONDS, CHAT_TEXT_MAX, REACTION_KINDS } from '#shared/types/chat'
import { displayNameSchema, parseOr400 } from '../validation'

// Control characters (newlines included), lone surrogates and bidi overrides (which can make a
// message read backwards) are refused; emoji joiners and other format characters stay allowed.
const FORBIDDEN_TEXT = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u

export const chatIdSchema = z.string({ error: 'is required' }).regex(/^[\w-]{1,64}$/, 'is not a chat id')

export const chatTextSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(CHAT_TEXT_MAX, `must be at most ${CHAT_TEXT_MAX} characters`)
  .refine(text => !FORBIDDEN_TEXT.test(text), 'must not contain control characters or line breaks')

export const chatPostSchema = z.object({ text: chatTextSchema })

export const chatIdentitySchema = z.object({ name: displayNameSchema })

export const chatHistoryQuerySchema = z.object({
  before: chatIdSchema.optional(),
  after: chatIdSchema.optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(CHAT_PAGE_MAX, `must be at most ${CHAT_PAGE_MAX}`).default(50),
}).refine(query => !(query.before && query.after), 'give either before or after, not both')

export const chatBanSchema = z.object({
  chatterId: chatIdSchema,
  /** Left out: banned for the rest of the show. */
  minutes: z.number({ error: 'must be a number of minutes' }).int('must be a whole number').min(1, 'must be at least 1').max(7 * 24 * 60, 'must be at most a week (10080)').optional(),
})

export const chatPinSchema = z.object({ messageId: chatIdSchema.nullable() })

export const chatSettingsSchema = z.object({
  slowModeSeconds: z.number({ error: 'must be a number of seconds' }).int('must be a whole number').min(0, 'must be 0 (off) or more').max(CHAT_SLOW_MODE_MAX_SECONDS, `must be at most ${CHAT_SLOW_MODE_MAX_SECONDS}`).optional(),
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
}).refine(body => body.slowModeSeconds !== undefined || body.enabled !== undefined, 'send slowModeSeconds and/or enabled')

export const reactionSchema = z.object({ kind: z.enum(REACTION_KINDS, { error: `must be one of ${REACTION_KINDS.join(', ')}` }) })

export const blockedWordsSchema = z.object({
  words: z.array(
    z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').regex(/^[^\p{C}]+$/u, 'must contain printable characters only'),
    { error: 'must be a list of words' },
  ).max(CHAT_BLOCKED_WORDS_MAX, `must have at most ${CHAT_BLOCKED_WORDS_MAX} entries`),
})

export const showIdParamSchema = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, 'is not a show id') })

/** The `:id` of /api/shows/:id/… (a 400 naming the rule when it cannot be a show id). */
export function chatShowIdParam(event: H3Event): string {
  return parseOr400(showIdParamSchema, { id: getRouterParam(event, 'id') ?? '' }).id
}

/** A message or chatter id from the path. */
export function chatIdParam(event: H3Event, name: string): string {
  return parseOr400(z.object({ [name]: chatIdSchema }), { [name]: getRouterParam(event, name) ?? '' })[name] as string
}
