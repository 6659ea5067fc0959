import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';

export interface UserContact {
  id: string;
  email: string;
  name: string;
  role: 'customer' | 'seller' | 'admin';
}

/**
 * A user's email, name and role, for the order's customer snapshot, its mails and payout checks.
 * Adapter until the users module exports a lookup (one read by primary key, no write): orders
 * never write users.
 */
export async function findUserContacts(db: DbOrTx, ids: readonly string[]): Promise<UserContact[]> {
  if (ids.length === 0) return [];
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = (await db.execute(
    sql`select id, email, name, role from users where id in (${list}) and deleted_at is null`,
  )) as unknown as { rows: UserContact[] };
  return result.rows;
}
