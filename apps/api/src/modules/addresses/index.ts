import type { Module } from '../registry.js';
import { addressesRoutes } from './routes.js';

export { getAddress } from './service.js';
export { Address, Country, CreateAddressBody } from './schema.js';

export const addressesModule: Module = { name: 'addresses', routes: addressesRoutes };
