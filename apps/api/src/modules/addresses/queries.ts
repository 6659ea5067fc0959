import { and, desc, eq } from 'drizzle-orm';
import { addresses } from '../../db/schema/addresses.js';
import { type DbOrTx } from '../../platform/db.js';
import { selectPage } from '../../platform/statements.js';

type Values = Omit<typeof addresses.$inferInsert, 'id' | 'userId' | 'createdAt' | 'updatedAt'>;

export async function listAddresses(db: DbOrTx, userId: string, limit: number, offset: number) {
  const where = eq(addresses.userId, userId);
  return selectPage(db, addresses, where, [desc(addresses.createdAt), desc(addresses.id)], limit, offset);
}

/** The address only when it belongs to `userId`. */
export async function findAddress(db: DbOrTx, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
  return row ?? null;
}

export async function insertAddress(db: DbOrTx, userId: string, values: Values) {
  const [row] = await db
    .insert(addresses)
    .values({ ...values, userId })
    .returning();
  return row!;
}

export async function updateAddress(db: DbOrTx, userId: string, id: string, values: Partial<Values>) {
  const [row] = await db
    .update(addresses)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning();
  return row ?? null;
}

export async function deleteAddress(db: DbOrTx, userId: string, id: string) {
  const rows = await db
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning({ id: addresses.id });
  return rows.length === 1;
}

export async function deleteAddressesOf(db: DbOrTx, userId: string) {
  await db.delete(addresses).where(eq(addresses.userId, userId));
}
