// One file per domain; each re-exported here for Drizzle's relational queries and drizzle-kit.
export * from './users.js';
export * from './auth.js';
export * from './addresses.js';
export * from './catalog.js';
export * from './platform.js';
export * from './orders.js';
export * from './ledger.js';
export * from './cart.js';
export * from './checkout.js';
export * from './payments.js';
