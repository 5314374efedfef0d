// The demo show's lineup: a few products with real images (drawn with sharp here, uploaded through
// the app like a host would), so `npm run demo` shows products without any setup. Runs once: a
// show that already has a lineup (an earlier run) is left as it is.
import sharp from 'sharp'

const PRODUCTS = [
  { title: 'Linen shirt', description: 'Washed linen, relaxed fit.', price: 4900, hue: 205, variants: [{ name: 'S', stock: 4 }, { name: 'M', stock: 6 }, { name: 'L', stock: 3, price: 5200 }] },
  { title: 'Ceramic mug', description: 'Stoneware, 350 ml, dishwasher safe.', price: 1800, hue: 25, stock: 40 },
  { title: 'Canvas tote', description: 'Heavy cotton canvas with an inner pocket.', price: 2500, hue: 140, stock: 25 },
  { title: 'Wool beanie', description: 'Merino, one size.', price: 2200, hue: 330, variants: [{ name: 'Charcoal', stock: 8 }, { name: 'Rust', stock: 5 }] },
]

/** A square product photo: a soft gradient with the product's initial. */
function productImage(title, hue) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1200">
    <defs><radialGradient id="g" cx="35%" cy="30%" r="90%"><stop offset="0" stop-color="hsl(${hue},65%,72%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},55%,30%)"/></radialGradient></defs>
    <rect width="1200" height="1200" fill="url(#g)"/>
    <circle cx="600" cy="620" r="330" fill="white" fill-opacity="0.18"/>
    <text x="600" y="760" font-family="sans-serif" font-size="420" font-weight="700" text-anchor="middle" fill="white" fill-opacity="0.9">${title[0]}</text></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()
}

async function call(appUrl, cookie, method, path, body, type = 'application/json') {
  const response = await fetch(`${appUrl}${path}`, {
    method,
    headers: { 'content-type': type, cookie },
    body: type === 'application/json' ? JSON.stringify(body) : body,
  })
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`)
  return response.json()
}

/** Gives the show a lineup of products with images, unless it has one. Returns how many were added. */
export async function seedDemoCatalog(appUrl, cookie, showId) {
  const show = await (await fetch(`${appUrl}/api/shows/${showId}`)).json()
  if (show.lineup?.length) return 0
  const ids = []
  for (const product of PRODUCTS) {
    const image = await call(appUrl, cookie, 'POST', '/api/uploads', new Uint8Array(await productImage(product.title, product.hue)), 'image/jpeg')
    const created = await call(appUrl, cookie, 'POST', '/api/products', {
      title: product.title, description: product.description, price: product.price, currency: 'EUR',
      images: [image.id], stock: product.stock ?? 0, variants: product.variants ?? [],
    })
    ids.push(created.id)
  }
  await call(appUrl, cookie, 'PATCH', `/api/shows/${showId}`, { lineup: ids })
  return ids.length
}
