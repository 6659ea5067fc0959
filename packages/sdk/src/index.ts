import createFetchClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths };
export type Schemas = components['schemas'];

/** A typed client for the Soko API: `client.GET('/api/v1/products', { params: { query } })`. */
export function createClient(options: ClientOptions = {}) {
  return createFetchClient<paths>(options);
}

export type SokoClient = ReturnType<typeof createClient>;
