import type { Module } from '../registry.js';
import { catalogRoutes } from './routes.js';

export { CATALOG_CACHE_TAG, invalidateProductCaches, webTags } from './cached.js';
export { getProduct, listProducts } from './listing.js';
export { DEMO_PASSWORD, DEMO_SELLERS, DEMO_CUSTOMERS, seedCatalog, seedDemoOnEmptyDatabase } from './seed.js';
export { findVariantsForCart, returnStock, takeStock } from './stock.js';
export type { CartVariant, ShortLine, StockLine, TakeStockResult } from './stock.js';

/** Categories, products, search, images and the demo catalogue. */
export const catalogModule: Module = { name: 'catalog', routes: catalogRoutes };
