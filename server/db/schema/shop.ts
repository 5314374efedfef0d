// Orders (with their items), flash sales with per-buyer claims, and the shop events viewers send
// (card views, product opens, add-to-carts) plus the host's spotlight/sale moments for the timeline.
// Money is integer minor units + ISO 4217 currency; times are epoch milliseconds.
import type { Migration } from '../../utils/db'

export const SHOP_MIGRATIONS: Migration[] = [
  {
    id: 'shop-001',
    statements: [
      // status: reserved (pay later) | pending_payment (Stripe) | paid | shipped | cancelled | expired.
      // idempotency_key is unique: a double tap or a retry finds the first order instead of a second.
      `CREATE TABLE IF NOT EXISTS orders (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        show_id TEXT NOT NULL REFERENCES shows(id),
        host_id TEXT NOT NULL REFERENCES hosts(id),
        status TEXT NOT NULL,
        buyer_name TEXT NOT NULL,
        buyer_email TEXT NOT NULL,
        buyer_address TEXT,
        device_id TEXT,
        total INTEGER NOT NULL CHECK (total >= 0),
        currency TEXT NOT NULL,
        payment TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        stripe_session_id TEXT,
        pay_url TEXT,
        expires_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS orders_show ON orders (show_id, created_at)',
      'CREATE INDEX IF NOT EXISTS orders_host ON orders (host_id, created_at)',
      'CREATE INDEX IF NOT EXISTS orders_expiry ON orders (status, expires_at)',
      `CREATE TABLE IF NOT EXISTS order_items (
        order_id TEXT NOT NULL REFERENCES orders(id),
        position INTEGER NOT NULL,
        product_id TEXT NOT NULL REFERENCES products(id),
        variant_id TEXT,
        title TEXT NOT NULL,
        variant_name TEXT,
        unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        flash_sale_id TEXT,
        PRIMARY KEY (order_id, position)
      )`,
      'CREATE INDEX IF NOT EXISTS order_items_product ON order_items (product_id)',
      // remaining never goes below zero: the CHECK backs the conditional update that claims units.
      `CREATE TABLE IF NOT EXISTS flash_sales (
        id TEXT PRIMARY KEY,
        show_id TEXT NOT NULL REFERENCES shows(id),
        product_id TEXT NOT NULL REFERENCES products(id),
        variant_id TEXT,
        price INTEGER NOT NULL CHECK (price >= 0),
        currency TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        remaining INTEGER NOT NULL CHECK (remaining >= 0),
        per_buyer_limit INTEGER NOT NULL CHECK (per_buyer_limit > 0),
        starts_at BIGINT NOT NULL,
        ends_at BIGINT NOT NULL,
        ended_at BIGINT,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS flash_sales_show ON flash_sales (show_id, ends_at)',
      // One row per sale and buyer key ("email:…" and "device:…"): both must stay within the limit.
      `CREATE TABLE IF NOT EXISTS flash_sale_claims (
        sale_id TEXT NOT NULL REFERENCES flash_sales(id),
        buyer_key TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity >= 0),
        PRIMARY KEY (sale_id, buyer_key)
      )`,
      // type: card_view | product_open | add_to_cart (from viewers), spotlight
      // (detail holds the product ids on screen).
      `CREATE TABLE IF NOT EXISTS shop_events (
        id TEXT PRIMARY KEY,
        show_id TEXT NOT NULL,
        type TEXT NOT NULL,
        product_id TEXT,
        device_id TEXT,
        detail TEXT,
        at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS shop_events_show ON shop_events (show_id, at)',
    ],
  },
]
