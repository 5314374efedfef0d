// The live state of a show that every viewer must see at once. The server alone writes it (into the
// LiveKit room metadata, well under 64 KiB); viewers read it on connect and on RoomMetadataChanged.
// Details (titles, images, prices) are not here: they come from GET /api/shows/:id.

export interface FlashSaleState {
  id: string
  productId: string
  variantId: string | null
  /** Sale price in minor units. */
  price: number
  currency: string
  quantity: number
  remaining: number
  perBuyerLimit: number
  /** Epoch ms on the server's clock. */
  endsAt: number
}

export interface PinnedMessageState {
  id: string
  name: string
  text: string
}

export interface ChatSettingsState {
  enabled: boolean
  slowModeSeconds: number
}

export interface LiveState {
  /** Increases with every write; clients drop anything older than what they have. */
  version: number
  /** Product ids on screen, 0–3, in order. */
  spotlight: string[]
  flashSale: FlashSaleState | null
  pinned: PinnedMessageState | null
  chat: ChatSettingsState
  /** Server clock (epoch ms) when this version was written. */
  updatedAt: number
}

export const EMPTY_LIVE_STATE: LiveState = {
  version: 0,
  spotlight: [],
  flashSale: null,
  pinned: null,
  chat: { enabled: true, slowModeSeconds: 2 },
  updatedAt: 0,
}
