import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addresses } from '../../db/schema/addresses.js';
import { users } from '../../db/schema/users.js';
import { contextFor } from '../../platform/context.js';
import { adminBootstrapStep, ensureAdmin } from './index.js';
import { assertCanSell } from './rules.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser } from '../../test/factories.js';
import type { Actor } from '../../platform/auth.js';

const t = await buildTestApp();
const api = (
  method: 'GET' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

describe('admin user management', () => {
  it('a customer or a seller gets 403 on every /users route', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    for (const who of [await makeUser(t), await makeUser(t, { role: 'seller' })]) {
      const id = admin.user.id;
      for (const [method, url, body] of [
        ['GET', '/users'],
        ['GET', `/users/${id}`],
        ['PATCH', `/users/${id}`, { status: 'disabled' }],
        ['DELETE', `/users/${id}`],
      ] as const) {
        const res = await api(method, url, who.auth, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    }
    expect((await api('GET', '/users', {})).statusCode).toBe(401);
  });

  it('lists with filters and paging; pageSize above 100 is 400', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    const seller = await makeUser(t, { role: 'seller', sellerStatus: 'pending', name: 'Zebra Crafts Ltd' });
    const res = await api(
      'GET',
      '/users?role=seller&sellerStatus=pending&q=zebra%20crafts&pageSize=5',
      admin.auth,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ page: 1, pageSize: 5, total: 1, totalExact: true });
    expect(res.json().items[0].id).toBe(seller.user.id);
    expect(res.json().items[0].passwordHash).toBeUndefined();
    expect((await api('GET', '/users?pageSize=101', admin.auth)).statusCode).toBe(400);
  });

  it('approving a seller lets them sell at once; a disabled user’s live token gets 401', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    const seller = await makeUser(t, { role: 'seller', sellerStatus: 'pending' });
    const verify = (await import('../auth/index.js')).createTokenVerifier(t.platform);
    expect(() => assertCanSell(null as never as Actor)).toThrow();
    const before = await verify(seller.accessToken);
    expect(() => assertCanSell(before)).toThrowError(
      expect.objectContaining({ code: 'seller_not_approved', status: 403 }),
    );

    const approve = await api('PATCH', `/users/${seller.user.id}`, admin.auth, { sellerStatus: 'approved' });
    expect(approve.statusCode).toBe(200);
    expect(approve.json().user.sellerStatus).toBe('approved');
    expect(() => assertCanSell(before)).toThrow();
    assertCanSell(await verify(seller.accessToken));

    expect((await api('GET', '/auth/me', seller.auth)).statusCode).toBe(200);
    const disable = await api('PATCH', `/users/${seller.user.id}`, admin.auth, { status: 'disabled' });
    expect(disable.json().user.status).toBe('disabled');
    expect((await api('GET', '/auth/me', seller.auth)).statusCode).toBe(401);
  });

  it('sellerStatus on a customer is 400; unknown fields are 400; an admin cannot demote themselves', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    const customer = await makeUser(t);
    expect(
      (await api('PATCH', `/users/${customer.user.id}`, admin.auth, { sellerStatus: 'approved' })).statusCode,
    ).toBe(400);
    expect(
      (await api('PATCH', `/users/${customer.user.id}`, admin.auth, { emailVerified: true })).statusCode,
    ).toBe(400);
    expect((await api('PATCH', `/users/${admin.user.id}`, admin.auth, { role: 'customer' })).statusCode).toBe(
      403,
    );
    const promoted = await api('PATCH', `/users/${customer.user.id}`, admin.auth, { role: 'seller' });
    expect(promoted.json().user).toMatchObject({ role: 'seller', sellerStatus: 'pending' });
    expect((await api('GET', `/users/00000000-0000-4000-8000-000000000000`, admin.auth)).statusCode).toBe(
      404,
    );
  });

  it('DELETE disables and scrubs personal data', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    const victim = await makeUser(t, { username: `gone_${Date.now()}` });
    await t.db.insert(addresses).values({
      userId: victim.user.id,
      fullName: 'X',
      phone: '+254700000000',
      line1: 'L',
      city: 'Nairobi',
      country: 'KE',
    });
    expect((await api('DELETE', `/users/${victim.user.id}`, admin.auth)).statusCode).toBe(204);
    const [row] = await t.db.select().from(users).where(eq(users.id, victim.user.id));
    expect(row).toMatchObject({ status: 'disabled', username: null, name: 'Deleted user' });
    expect(row!.email).not.toBe(victim.user.email);
    expect(await t.db.select().from(addresses).where(eq(addresses.userId, victim.user.id))).toHaveLength(0);
    expect((await api('GET', '/auth/me', victim.auth)).statusCode).toBe(401);
    expect((await api('GET', `/users/${victim.user.id}`, admin.auth)).statusCode).toBe(404);
  });
});

describe('admin bootstrap', () => {
  it('creates, then updates, an active admin who can log in', async () => {
    const email = `boss-${Date.now()}@example.com`;
    const config = { ...t.platform.config, adminEmail: email, adminPassword: 'first admin pass' };
    await adminBootstrapStep({ ...t.platform, config });
    const login1 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: email, password: 'first admin pass' },
    });
    expect(login1.statusCode).toBe(200);
    expect(login1.json().user).toMatchObject({ role: 'admin', status: 'active', emailVerified: true });

    await t.db.update(users).set({ status: 'disabled', role: 'customer' }).where(eq(users.email, email));
    const again = await ensureAdmin(contextFor(t.platform), email, 'second admin pass');
    expect(again).toMatchObject({ role: 'admin', status: 'active' });
    const login2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { identifier: email, password: 'second admin pass' },
    });
    expect(login2.statusCode).toBe(200);
  });
});
