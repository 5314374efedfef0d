import { describe, expect, it } from 'vitest'
import { parseOr400, tokenQuerySchema } from '../../server/utils/validation'

function parse(query: Record<string, unknown>) {
  return tokenQuerySchema.safeParse(query)
}

function statusOf(run: () => unknown): number | undefined {
  try {
    run()
  }
  catch (error) {
    return (error as { statusCode?: number }).statusCode
  }
  return undefined
}

describe('token query', () => {
  it.each([
    [{ room: 'show-1', username: 'Anna' }, { room: 'show-1', username: 'Anna', admin: false }],
    [{ room: 'A_b-9', username: '  Zoë  ', admin: 'true' }, { room: 'A_b-9', username: 'Zoë', admin: true }],
    [{ room: 'x'.repeat(64), username: 'y'.repeat(64), admin: '0' }, { room: 'x'.repeat(64), username: 'y'.repeat(64), admin: false }],
    [{ room: 'r', username: '李小龙 🎉', admin: '1' }, { room: 'r', username: '李小龙 🎉', admin: true }],
  ])('accepts %j', (query, expected) => {
    const result = parse(query)
    expect(result.success).toBe(true)
    expect(result.data).toEqual(expected)
  })

  it.each([
    ['missing room', { username: 'a' }, /room: is required/],
    ['empty room', { room: '', username: 'a' }, /room: must not be empty/],
    ['room too long', { room: 'x'.repeat(65), username: 'a' }, /room: must be at most 64/],
    ['room with a slash', { room: 'a/b', username: 'a' }, /room: may only contain/],
    ['room with unicode', { room: 'café', username: 'a' }, /room: may only contain/],
    ['room as an array', { room: ['a', 'b'], username: 'a' }, /room/],
    ['missing username', { room: 'r' }, /username: is required/],
    ['blank username', { room: 'r', username: '   ' }, /username: must not be empty/],
    ['username too long', { room: 'r', username: 'y'.repeat(65) }, /username: must be at most 64/],
    ['username with a control character', { room: 'r', username: 'a\u0000b' }, /printable/],
    ['username with a zero-width joiner only', { room: 'r', username: '\u200D' }, /printable/],
    ['admin not a boolean', { room: 'r', username: 'a', admin: 'yes' }, /admin: must be true or false/],
  ])('refuses %s with a message naming the field', (_name, query, message) => {
    const result = parse(query)
    expect(result.success).toBe(false)
    expect(statusOf(() => parseOr400(tokenQuerySchema, query))).toBe(400)
    try {
      parseOr400(tokenQuerySchema, query)
    }
    catch (error) {
      expect((error as Error).message).toMatch(message)
    }
  })
})
