import type { Module } from '../registry.js';
import { catalogRoutes } from './routes.js';
import { catalogSeed } from './seed.js';

export { CATALOG_CACHE_TAG, invalidateProductCaches, webTags } from './cached.js';
export { getProduct, listProducts } from './listing.js';
export { setSellerListing } from './products.js';
export {
  cartVariantsSql,
  findVariantsForCart,
  listBuyableVariantIds,
  returnStock,
  takeStock,
  toCartVariant,
} from './stock.js';
export type { CartVariant, CartVariantRow, ShortLine, StockLine, TakeStockResult } from './stock.js';

/** Categories, products, search, images and the demo catalogue. */
export const catalogModule: Module = {
  name: 'catalog',
  routes: catalogRoutes,
  errorCodes: [
    'not_found',
    'validation_failed',
    'slug_taken',
    'sku_taken',
    'category_not_empty',
    'payload_too_large',
    'unsupported_media_type',
  ],
  seed: catalogSeed,
};
