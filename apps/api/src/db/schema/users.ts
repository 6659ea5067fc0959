import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['customer', 'seller', 'admin']);
export const userStatus = pgEnum('user_status', ['pending_verification', 'active', 'disabled']);
export const sellerStatus = pgEnum('seller_status', ['pending', 'approved', 'rejected']);
export const twoFactorMethod = pgEnum('two_factor_method', ['email', 'totp']);

/** Accounts of every role. Emails and usernames are stored lower-cased. */
export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    username: text(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: userRole().notNull().default('customer'),
    status: userStatus().notNull().default('pending_verification'),
    sellerStatus: sellerStatus(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    twoFactorMethod: twoFactorMethod(),
    totpSecret: text(),
    /** The last TOTP time step accepted: a code is good once, not for the rest of its 30 s. */
    totpLastStep: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_username_key')
      .on(t.username)
      .where(sql`${t.username} is not null`),
    index('users_role_status_idx').on(t.role, t.status, t.createdAt),
    index('users_name_trgm_idx').using('gin', sql`(${t.name} || ' ' || ${t.email}) gin_trgm_ops`),
  ],
);

export type UserRow = typeof users.$inferSelect;
