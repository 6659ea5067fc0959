import type { Actor } from '../../platform/auth.js';
import type { ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { pageOf, type PageQuery } from '../../platform/schema.js';
import * as q from './queries.js';
import { toAddress, type Address, type CreateAddressBody, type UpdateAddressBody } from './schema.js';

type ActorContext = ServiceContext & { actor: Actor };

// Ownership is part of every query's WHERE: another user's address is indistinguishable from none (404).

/** The caller's address book, newest first. */
export async function listAddresses(ctx: ActorContext, query: PageQuery) {
  const { items, total } = await q.listAddresses(
    ctx.db,
    ctx.actor.id,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(items.map(toAddress), query, total);
}

/** One of the caller's addresses, or 404. */
export async function getAddress(ctx: ActorContext, id: string): Promise<Address> {
  const row = await q.findAddress(ctx.db, ctx.actor.id, id);
  if (!row) throw notFound('Address');
  return toAddress(row);
}

/** Adds an address to the caller's book. */
export async function createAddress(ctx: ActorContext, input: CreateAddressBody): Promise<Address> {
  return toAddress(await q.insertAddress(ctx.db, ctx.actor.id, input));
}

/** Changes one of the caller's addresses (only the fields sent), or 404. */
export async function updateAddress(
  ctx: ActorContext,
  id: string,
  input: UpdateAddressBody,
): Promise<Address> {
  const row = await q.updateAddress(ctx.db, ctx.actor.id, id, input);
  if (!row) throw notFound('Address');
  return toAddress(row);
}

/** Deletes one of the caller's addresses, or 404. */
export async function deleteAddress(ctx: ActorContext, id: string): Promise<void> {
  if (!(await q.deleteAddress(ctx.db, ctx.actor.id, id))) throw notFound('Address');
}

/**
 * Deletes every address of a user, in the caller's transaction (the users module scrubbing a
 * deleted account). The addresses module is the only writer of addresses.
 */
export async function deleteAddressesOfUser(ctx: ServiceContext, userId: string): Promise<void> {
  await q.deleteAddressesOf(ctx.db, userId);
}
