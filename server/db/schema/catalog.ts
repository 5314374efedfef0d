// Hosts, products (with variants), shows with their lineup, and each show's live state.
// Money is integer minor units + ISO 4217 currency; times are epoch milliseconds; stock can never go
// below zero (CHECK), on top of the conditional updates that reserve it.
import type { Migration } from '../../utils/db'

/** The host who signs in with HOST_ACCESS_KEY (kept so existing deployments and the demo work). */
export const BUILTIN_HOST_ID = 'builtin'

export const CATALOG_MIGRATIONS: Migration[] = [
  {
    id: 'catalog-001',
    statements: [
      `CREATE TABLE IF NOT EXISTS hosts (
        id TEXT PRIMARY KEY,
        email TEXT UNIQUE,
        name TEXT NOT NULL,
        password_hash TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        session_version INTEGER NOT NULL DEFAULT 1,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `INSERT INTO hosts (id, email, name, password_hash, disabled, session_version, created_at, updated_at)
        VALUES ('${BUILTIN_HOST_ID}', NULL, 'Host', NULL, 0, 1, 0, 0) ON CONFLICT (id) DO NOTHING`,
      `CREATE TABLE IF NOT EXISTS products (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL REFERENCES hosts(id),
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        price INTEGER NOT NULL CHECK (price >= 0),
        currency TEXT NOT NULL,
        images TEXT NOT NULL DEFAULT '[]',
        stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
        sku TEXT,
        external_url TEXT,
        archived INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS products_host ON products (host_id, archived)',
      `CREATE TABLE IF NOT EXISTS product_variants (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL REFERENCES products(id),
        name TEXT NOT NULL,
        price INTEGER CHECK (price IS NULL OR price >= 0),
        stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
        sku TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0
      )`,
      'CREATE INDEX IF NOT EXISTS product_variants_product ON product_variants (product_id, position)',
      `CREATE TABLE IF NOT EXISTS shows (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL REFERENCES hosts(id),
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        cover_image TEXT,
        snapshot_image TEXT,
        snapshot_at BIGINT,
        scheduled_at BIGINT,
        status TEXT NOT NULL DEFAULT 'scheduled',
        started_at BIGINT,
        ended_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS shows_status ON shows (status, scheduled_at)',
      'CREATE INDEX IF NOT EXISTS shows_host ON shows (host_id)',
      `CREATE TABLE IF NOT EXISTS show_products (
        show_id TEXT NOT NULL REFERENCES shows(id),
        product_id TEXT NOT NULL REFERENCES products(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (show_id, product_id)
      )`,
      // The state every viewer must see at once (spotlight, flash sale, pinned message), mirrored
      // into the LiveKit room metadata. `version` orders writes across app instances.
      `CREATE TABLE IF NOT EXISTS show_live_state (
        show_id TEXT PRIMARY KEY REFERENCES shows(id),
        version INTEGER NOT NULL,
        state TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    // Uploaded images (the files live in the uploads storage: /uploads/<id>/<width>.webp). A row is
    // written only after every size is stored, so an id here always has its files.
    id: 'catalog-002',
    statements: [
      `CREATE TABLE IF NOT EXISTS images (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL REFERENCES hosts(id),
        kind TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS images_host ON images (host_id, created_at)',
    ],
  },
  {
    // The sid of the LiveKit room the host opened (or the app reopened for them after LiveKit came
    // back): only that room's room_finished ends the show. A room of the same name made for a
    // viewer (another sid) closing unjoined says nothing about the show (server/utils/show-rooms.ts).
    id: 'catalog-003',
    statements: ['ALTER TABLE shows ADD COLUMN room_sid TEXT'],
  },
]
