import { and, desc, eq, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { users, type UserRow } from '../../db/schema/users.js';
import { type DbOrTx } from '../../platform/db.js';
import { selectPage } from '../../platform/statements.js';
import type { ListUsersQuery } from './schema.js';

export async function listUsers(db: DbOrTx, query: ListUsersQuery) {
  const filters: (SQL | undefined)[] = [
    query.role ? eq(users.role, query.role) : undefined,
    query.status ? eq(users.status, query.status) : undefined,
    query.sellerStatus ? eq(users.sellerStatus, query.sellerStatus) : undefined,
  ];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // `name || ' ' || email` is the trigram-indexed expression (users_name_trgm_idx).
    filters.push(or(ilike(sql`(${users.name} || ' ' || ${users.email})`, like), ilike(users.username, like)));
  }
  const where = and(...filters);
  return selectPage(
    db,
    users,
    where,
    [desc(users.createdAt), desc(users.id)],
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
}

export async function findUser(db: DbOrTx, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Email, name and role of the live (not deleted) accounts among `ids`. */
export async function findContacts(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.id, [...ids]), isNull(users.deletedAt)));
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

/** By email when the identifier has an `@`, by username otherwise (both stored lower-cased). */
export async function findUserByIdentifier(db: DbOrTx, identifier: string): Promise<UserRow | null> {
  const key = identifier.trim().toLowerCase();
  const [row] = await db
    .select()
    .from(users)
    .where(key.includes('@') ? eq(users.email, key) : eq(users.username, key));
  return row ?? null;
}

/** Activates a `pending_verification` account; null when it is not pending any more. */
export async function activatePendingUser(db: DbOrTx, id: string, verifiedAt: Date) {
  const [row] = await db
    .update(users)
    .set({ status: 'active', emailVerifiedAt: verifiedAt, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.status, 'pending_verification')))
    .returning();
  return row ?? null;
}

/**
 * Records `step` as the account's last accepted TOTP step, only if it is newer than the one
 * stored: false means the code was already used (or an older one), even under concurrency.
 */
export async function claimTotpStep(db: DbOrTx, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, id), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>) {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

/** Inserts the accounts whose email is not taken; answers every one of them, old or new. */
export async function insertUsersIfMissing(db: DbOrTx, values: (typeof users.$inferInsert)[]) {
  await db.insert(users).values(values).onConflictDoNothing();
  return db
    .select()
    .from(users)
    .where(
      inArray(
        users.email,
        values.map((v) => v.email),
      ),
    );
}

/** Deletes the accounts of an email domain (the demo accounts, before a reseed). */
export async function deleteUsersByEmailDomain(db: DbOrTx, domain: string) {
  await db.delete(users).where(like(users.email, `%@${domain}`));
}
