import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sessions } from '../db/schema/auth.js';
import { users, type UserRow } from '../db/schema/users.js';
import type { Role } from '../platform/auth.js';
import { signAccessToken } from '../modules/auth/tokens.js';
import type { TestApp } from './harness.js';

let seq = 0;
// One hash for every factory user: argon2 is slow on purpose and tests make many users.
const passwordHashOnce = hash('Password123!');

export const FACTORY_PASSWORD = 'Password123!';

export interface MadeUser {
  user: UserRow;
  accessToken: string;
  /** `{ authorization: 'Bearer …' }` for `app.inject`. */
  auth: { authorization: string };
}

/**
 * An active, verified user straight in the database, with an access token. Sellers are approved
 * unless `sellerStatus` says otherwise.
 */
export async function makeUser(
  t: TestApp,
  overrides: Partial<Pick<UserRow, 'email' | 'username' | 'name' | 'status' | 'sellerStatus'>> & {
    role?: Role;
  } = {},
): Promise<MadeUser> {
  seq += 1;
  const role = overrides.role ?? 'customer';
  const [user] = await t.db
    .insert(users)
    .values({
      email: overrides.email ?? `user${seq}-${randomUUID().slice(0, 8)}@example.com`,
      username: overrides.username ?? null,
      name: overrides.name ?? `Test User ${seq}`,
      passwordHash: await passwordHashOnce,
      role,
      status: overrides.status ?? 'active',
      sellerStatus: role === 'seller' ? (overrides.sellerStatus ?? 'approved') : null,
      emailVerifiedAt: new Date(),
    })
    .returning();
  // A real session row: the verifier checks the session and the user on every request.
  const [session] = await t.db
    .insert(sessions)
    .values({
      userId: user!.id,
      device: 'Test factory',
      expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    })
    .returning();
  const accessToken = await signAccessToken(
    { sub: user!.id, role, sid: session!.id },
    t.config.jwtSecret,
    t.config.accessTokenTtlSeconds,
  );
  return { user: user!, accessToken, auth: { authorization: `Bearer ${accessToken}` } };
}
