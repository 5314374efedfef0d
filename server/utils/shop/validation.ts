// Shapes of the shop's request bodies. Messages say what to fix, per field (parseOr400 joins them).
import { z } from 'zod'
import { roomNameSchema } from '../validation'

const id = z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
const printable = (max: number) => z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(max, `must be at most ${max} characters`)
  .regex(/^[^\p{C}]+$/u, 'must contain printable characters only')

/** A random id the device keeps in localStorage (per-buyer limits, analytics). */
export const deviceIdSchema = z.string().regex(/^[\w-]{8,64}$/, 'must be 8–64 letters, digits, "-" or "_"')

export const buyerAddressSchema = z.object({
  line1: printable(200),
  line2: z.string().trim().max(200, 'must be at most 200 characters').regex(/^[^\p{C}]*$/u, 'must contain printable characters only').optional(),
  city: printable(100),
  postalCode: printable(20),
  country: printable(60),
})

export const orderItemSchema = z.object({
  productId: id,
  variantId: id.nullish(),
  quantity: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(99, 'must be at most 99'),
  flashSaleId: id.nullish(),
})

export const orderItemsSchema = z.array(orderItemSchema, { error: 'must be a list of items' })
  .min(1, 'add at least one item')
  .max(20, 'at most 20 different items per order')

export const orderRequestSchema = z.object({
  showId: id,
  items: orderItemsSchema,
  buyer: z.object({
    name: printable(100),
    email: z.email({ error: 'must be an email address like name@example.com' }).max(200, 'must be at most 200 characters'),
    address: buyerAddressSchema.nullish(),
  }, { error: 'is required (name, email, and an address unless you pick up)' }),
  idempotencyKey: z.string({ error: 'is required' }).regex(/^[\w:-]{8,100}$/, 'must be 8–100 letters, digits, "-", "_" or ":"'),
  deviceId: deviceIdSchema.optional(),
})

export const orderQuoteSchema = z.object({
  showId: id,
  items: orderItemsSchema,
})

export const spotlightSchema = z.object({
  productIds: z.array(id, { error: 'must be a list of product ids' }).max(3, 'at most 3 products at a time')
    .refine(ids => new Set(ids).size === ids.length, 'must not name a product twice'),
})

export const flashSaleSchema = z.object({
  productId: id,
  variantId: id.nullish(),
  price: z.number({ error: 'must be a number (minor units, e.g. 1999 for 19.99)' }).int('must be whole minor units (e.g. 1999 for 19.99)').min(0, 'must not be negative').max(100_000_000, 'is too large'),
  quantity: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'is too large'),
  perBuyerLimit: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(99, 'must be at most 99'),
  durationSeconds: z.number({ error: 'must be a number' }).int('must be whole seconds').min(30, 'must be at least 30 seconds, so buyers can finish checking out').max(3600, 'must be at most 3600 seconds (1 hour)'),
})

export const orderStatusChangeSchema = z.object({
  status: z.enum(['paid', 'shipped', 'cancelled'], { error: 'must be one of paid, shipped, cancelled' }),
})

export const ordersQuerySchema = z.object({
  // A show id is a room name: also keeps the CSV's Content-Disposition header plain ASCII.
  show: roomNameSchema.optional(),
  status: z.enum(['reserved', 'pending_payment', 'paid', 'shipped', 'cancelled', 'expired'], { error: 'must be one of reserved, pending_payment, paid, shipped, cancelled, expired' }).optional(),
})

export const shopEventBatchSchema = z.object({
  showId: id,
  deviceId: deviceIdSchema,
  events: z.array(z.object({
    type: z.enum(['card_view', 'product_open', 'add_to_cart'], { error: 'must be card_view, product_open or add_to_cart' }),
    productId: id,
    at: z.number({ error: 'must be a number (epoch ms)' }).int().nonnegative(),
  }), { error: 'must be a list of events' }).min(1, 'send at least one event').max(40, 'at most 40 events per batch'),
})
