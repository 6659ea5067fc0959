import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/harness.js';
import { makeUser } from '../../test/factories.js';

const t = await buildTestApp();
const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
const home = {
  fullName: 'Achieng Otieno',
  phone: '+254 712 345678',
  line1: 'Moi Avenue 12',
  city: 'Nairobi',
  country: 'ke',
};

describe('address book', () => {
  it('creates, lists, reads, updates and deletes the caller’s addresses', async () => {
    const me = await makeUser(t);
    const created = await api('POST', '/addresses', me.auth, home);
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ ...home, country: 'KE', line2: null, region: null, postalCode: null });
    expect((await api('GET', '/addresses', me.auth)).json()).toMatchObject({
      total: 1,
      items: [{ id: a.id }],
    });
    expect((await api('GET', `/addresses/${a.id}`, me.auth)).json().city).toBe('Nairobi');
    const patched = await api('PATCH', `/addresses/${a.id}`, me.auth, {
      city: 'Kisumu',
      postalCode: '40100',
    });
    expect(patched.json()).toMatchObject({ city: 'Kisumu', postalCode: '40100', line1: 'Moi Avenue 12' });
    expect((await api('DELETE', `/addresses/${a.id}`, me.auth)).statusCode).toBe(204);
    expect((await api('GET', `/addresses/${a.id}`, me.auth)).statusCode).toBe(404);
  });

  it('another user’s address is 404 for read, update and delete', async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const a = (await api('POST', '/addresses', owner.auth, home)).json();
    for (const [method, body] of [['GET'], ['PATCH', { city: 'X' }], ['DELETE']] as const) {
      const res = await api(method, `/addresses/${a.id}`, other.auth, body);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect((await api('GET', '/addresses', other.auth)).json().total).toBe(0);
    expect((await api('GET', `/addresses/${a.id}`, owner.auth)).json().city).toBe('Nairobi');
  });

  it('refuses a bad country, unknown fields and a userId', async () => {
    const me = await makeUser(t);
    for (const body of [
      { ...home, country: 'XX' },
      { ...home, country: 'KEN' },
      { ...home, userId: me.user.id },
      { ...home, fullName: '' },
    ]) {
      const res = await api('POST', '/addresses', me.auth, body);
      expect(res.statusCode).toBe(400);
    }
    expect((await api('GET', '/addresses', {})).statusCode).toBe(401);
  });
});
