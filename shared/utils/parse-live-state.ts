// The room metadata as a LiveState, or null when it is not one. Hand-written rather than zod: it runs
// on every viewer's device, where a schema library would cost more bytes than the check itself.
import { EMPTY_LIVE_STATE, type FlashSaleState, type LiveState, type PinnedMessageState } from '../types/live-state'

type Loose = Record<string, unknown>
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value)
const isString = (value: unknown): value is string => typeof value === 'string'
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0

function flashSale(value: unknown): FlashSaleState | null | undefined {
  if (value === null) return null
  if (!isObject(value)) return undefined
  const { id, productId, variantId, price, currency, quantity, remaining, perBuyerLimit, endsAt } = value
  if (!isString(id) || !isString(productId) || !(variantId === null || isString(variantId)) || !isString(currency)) return undefined
  if (![price, quantity, remaining, perBuyerLimit, endsAt].every(isCount)) return undefined
  return { id, productId, variantId, price, currency, quantity, remaining, perBuyerLimit, endsAt } as FlashSaleState
}

function pinned(value: unknown): PinnedMessageState | null | undefined {
  if (value === null) return null
  if (!isObject(value) || !isString(value.id) || !isString(value.name) || !isString(value.text)) return undefined
  return { id: value.id, name: value.name, text: value.text }
}

/** Parses the room metadata; fields that are missing take the empty state's value, wrong shapes reject the whole. */
export function parseLiveState(metadata: string | undefined | null): LiveState | null {
  if (!metadata) return null
  let raw: unknown
  try {
    raw = JSON.parse(metadata)
  }
  catch {
    return null
  }
  if (!isObject(raw) || !isCount(raw.version)) return null
  const spotlight = raw.spotlight ?? []
  if (!Array.isArray(spotlight) || !spotlight.every(isString) || spotlight.length > 3) return null
  const sale = raw.flashSale === undefined ? null : flashSale(raw.flashSale)
  const pin = raw.pinned === undefined ? null : pinned(raw.pinned)
  if (sale === undefined || pin === undefined) return null
  const chat = raw.chat ?? EMPTY_LIVE_STATE.chat
  if (!isObject(chat) || typeof chat.enabled !== 'boolean' || !isCount(chat.slowModeSeconds)) return null
  return {
    version: raw.version,
    spotlight: spotlight as string[],
    flashSale: sale,
    pinned: pin,
    chat: { enabled: chat.enabled, slowModeSeconds: chat.slowModeSeconds },
    updatedAt: isCount(raw.updatedAt) ? raw.updatedAt : 0,
  }
}
