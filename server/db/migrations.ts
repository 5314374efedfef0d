// Every table of the app database, in the order they are created. Each domain keeps its own file
// under schema/; add a new migration (never edit an applied one) and list it here.
import type { Migration } from '../utils/db'
import { CATALOG_MIGRATIONS } from './schema/catalog'
import { SHOP_MIGRATIONS } from './schema/shop'
import { CHAT_MIGRATIONS } from './schema/chat'

export const APP_MIGRATIONS: Migration[] = [
  ...CATALOG_MIGRATIONS,
  ...CHAT_MIGRATIONS,
  ...SHOP_MIGRATIONS,
]
