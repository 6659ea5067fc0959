import type { Module } from '../registry.js';
import { addressesRoutes } from './routes.js';

export { deleteAddressesOfUser, getAddress } from './service.js';
export { Address, Country, CreateAddressBody } from './schema.js';

/** The caller's address book; the only writer of addresses. */
export const addressesModule: Module = {
  name: 'addresses',
  routes: addressesRoutes,
  errorCodes: ['not_found'],
};
