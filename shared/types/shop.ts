// Orders, flash sales and shop events as the app and the API see them (see server/utils/shop/).
// Money is integer minor units with an ISO 4217 currency; times are epoch ms unless named *At (ISO).

export type OrderStatus = 'reserved' | 'pending_payment' | 'paid' | 'shipped' | 'cancelled' | 'expired'
/** Statuses a host may set by hand on the orders page. */
export type HostOrderStatus = 'paid' | 'shipped' | 'cancelled'

export interface OrderItemInput {
  productId: string
  variantId?: string | null
  quantity: number
  /** The flash sale the buyer saw; an order naming a sale that has ended is refused, not repriced. */
  flashSaleId?: string | null
}

export interface BuyerAddress {
  line1: string
  line2?: string
  city: string
  postalCode: string
  country: string
}

export interface BuyerInput {
  name: string
  email: string
  /** Omitted = pickup. */
  address?: BuyerAddress | null
}

/** POST /api/orders */
export interface OrderRequest {
  showId: string
  items: OrderItemInput[]
  buyer: BuyerInput
  idempotencyKey: string
  /** A random id the device keeps (per-buyer flash sale limits count it as well as the email). */
  deviceId?: string
}

/** 201 (or 200 for a repeated idempotency key). */
export interface OrderResponse {
  orderId: string
  /** Short code shown to the buyer and on the host's orders page. */
  number: string
  status: OrderStatus
  total: number
  currency: string
  /** Stripe Checkout page when card payment is configured. */
  payUrl?: string
}

/** An item the server could not reserve (the 409's `data.soldOut`). */
export interface SoldOutItem {
  productId: string
  variantId: string | null
  title: string
  /** Units still available (0 = sold out). */
  available: number
}

/** POST /api/orders/quote: the prices the server will charge, line by line. */
export interface QuoteLine {
  productId: string
  variantId: string | null
  title: string
  variantName: string | null
  unitPrice: number
  quantity: number
  lineTotal: number
  flashSaleId: string | null
  available: number
}

export interface OrderQuote {
  lines: QuoteLine[]
  total: number
  currency: string
}

export interface OrderItemRecord {
  productId: string
  variantId: string | null
  title: string
  variantName: string | null
  unitPrice: number
  quantity: number
  flashSaleId: string | null
}

/** A row of the host's orders page. */
export interface OrderRecord {
  id: string
  number: string
  showId: string
  showTitle: string
  status: OrderStatus
  buyerName: string
  buyerEmail: string
  buyerAddress: BuyerAddress | null
  total: number
  currency: string
  payment: 'invoice' | 'stripe'
  createdAt: string
  updatedAt: string
  items: OrderItemRecord[]
}

/** POST /api/shows/:id/flash-sales */
export interface FlashSaleRequest {
  productId: string
  variantId?: string | null
  price: number
  quantity: number
  perBuyerLimit: number
  durationSeconds: number
}

export type ViewerShopEventType = 'card_view' | 'product_open' | 'add_to_cart'

/** One event in a viewer's beacon batch (POST /api/shop/events, sent with navigator.sendBeacon). */
export interface ViewerShopEvent {
  type: ViewerShopEventType
  productId: string
  /** Device clock, epoch ms; the server keeps its own receive time when this is implausible. */
  at: number
}

export interface ShopEventBatch {
  showId: string
  deviceId: string
  events: ViewerShopEvent[]
}

/** GET /api/shows/:id/shop-stats: per product, and the show's timeline and revenue. */
export interface ProductShopStats {
  productId: string
  title: string
  spotlightSeconds: number
  viewersReached: number
  cardViews: number
  productOpens: number
  addToCarts: number
  orders: number
  units: number
  revenue: number
  /** Orders / devices that viewed the card (0–1), null when nobody viewed it. */
  conversion: number | null
}

export interface ShopTimelineMark {
  at: number
  type: 'spotlight' | 'sale_start' | 'sale_end'
  label: string
}

export interface ShopStats {
  showId: string
  currency: string | null
  orders: number
  revenue: number
  products: ProductShopStats[]
  timeline: ShopTimelineMark[]
  /** Revenue per minute: [epoch ms of the minute, revenue]. */
  revenuePerMinute: [number, number][]
}
