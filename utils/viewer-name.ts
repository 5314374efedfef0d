// The name a viewer joins (and chats) under: remembered on the device; a guest gets a friendly
// generated one the first time.
export const VIEWER_NAME_KEY = 'liveshop:viewer-name'

export function newGuestName(): string {
  return `Guest ${Math.floor(1000 + Math.random() * 9000)}`
}

/** The remembered name, created and stored now if there is none (browser only). */
export function rememberedViewerName(): string {
  const stored = localStorage.getItem(VIEWER_NAME_KEY)
  if (stored) return stored
  const name = newGuestName()
  localStorage.setItem(VIEWER_NAME_KEY, name)
  return name
}
