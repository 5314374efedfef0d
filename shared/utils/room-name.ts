/** Room names: what LiveKit, URLs and file names all accept without escaping. */
export const ROOM_NAME_PATTERN = /^[\w-]{1,64}$/
export const ROOM_NAME_MAX = 64
export const USERNAME_MAX = 64

export function isValidRoomName(value: string): boolean {
  return ROOM_NAME_PATTERN.test(value)
}

/** Turns a free-text show title into a room name ("Spring Sale!" → "spring-sale"). */
export function toRoomName(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ROOM_NAME_MAX)
}
