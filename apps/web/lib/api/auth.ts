import 'server-only';
import { cache } from 'react';
import { callInit, client, settle } from './transport';
import { authedRequest, clientHeaders } from './session';
import type { AddressInput, Address, Result, Session, TokenPair, User } from './types';

export type { LoginAnswer } from './types';

const mapResult = <T, U>(result: Result<T>, map: (data: T) => U): Result<U> =>
  result.ok ? { ok: true, data: map(result.data) } : result;

/** The signed-in user, or `null` (no session, or a stale or forged one). Once per request. */
export const findCurrentUser = cache(async (): Promise<User | null> => {
  const result = await authedRequest((init) => client.GET('/api/v1/auth/me', init));
  return result.ok ? result.data.user : null;
});

export const registerUser = (body: {
  email: string;
  password: string;
  name: string;
  username?: string;
  role: 'customer' | 'seller';
}) => settle(client.POST('/api/v1/auth/register', { body, ...callInit() }));

export const login = async (identifier: string, password: string) =>
  settle(
    client.POST('/api/v1/auth/login', {
      body: { identifier, password },
      ...callInit({ headers: await clientHeaders() }),
    }),
  );

export const verifyEmailCode = (email: string, code: string) =>
  settle(
    client.POST('/api/v1/auth/otp/verify', {
      body: { email, code, purpose: 'verify_email' },
      ...callInit(),
    }),
  );

/** The second step of a two-factor sign-in; answers the session's token pair. */
export async function verifyLoginCode(
  email: string,
  code: string,
  challengeId: string,
): Promise<Result<TokenPair>> {
  const result = await settle(
    client.POST('/api/v1/auth/otp/verify', {
      body: { email, code, challengeId, purpose: 'login' },
      ...callInit({ headers: await clientHeaders() }),
    }),
  );
  if (!result.ok || 'accessToken' in result.data) return result as Result<TokenPair>;
  return { ok: false, problem: { title: 'Unexpected answer', status: 502, code: 'unexpected' } };
}

export const resendCode = (email: string, purpose: 'verify_email' | 'login') =>
  settle(client.POST('/api/v1/auth/otp/resend', { body: { email, purpose }, ...callInit() }));

export const logout = (refreshToken: string) =>
  settle(client.POST('/api/v1/auth/logout', { body: { refreshToken }, ...callInit() }));

export const requestPasswordReset = (email: string) =>
  settle(client.POST('/api/v1/auth/password/reset', { body: { email }, ...callInit() }));

export const confirmPasswordReset = (token: string, password: string) =>
  settle(client.POST('/api/v1/auth/password/reset/confirm', { body: { token, password }, ...callInit() }));

export const updateProfile = async (body: { name?: string; username?: string }): Promise<Result<User>> =>
  mapResult(
    await authedRequest((init) => client.PATCH('/api/v1/auth/me', { body, ...init })),
    (data) => data.user,
  );

export const changePassword = (currentPassword: string, newPassword: string) =>
  authedRequest((init) =>
    client.POST('/api/v1/auth/password/change', { body: { currentPassword, newPassword }, ...init }),
  );

export const setupTotp = () => authedRequest((init) => client.POST('/api/v1/auth/2fa/totp/setup', init));

export const enableTotp = (code: string) =>
  authedRequest((init) => client.POST('/api/v1/auth/2fa/totp/enable', { body: { code }, ...init }));

export const enableEmailTwoFactor = (password: string) =>
  authedRequest((init) => client.POST('/api/v1/auth/2fa/email/enable', { body: { password }, ...init }));

export const disableTwoFactor = (password: string) =>
  authedRequest((init) => client.POST('/api/v1/auth/2fa/disable', { body: { password }, ...init }));

/** This account's sessions (the first page of 100: nobody has more devices). */
export async function listSessions(): Promise<Session[]> {
  const result = await authedRequest((init) =>
    client.GET('/api/v1/auth/sessions', { params: { query: { pageSize: 100 } }, ...init }),
  );
  return result.ok ? result.data.items : [];
}

export const revokeSession = (id: string) =>
  authedRequest((init) => client.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } }, ...init }));

/** The address book (the first page of 100). */
export async function listAddresses(): Promise<Address[]> {
  const result = await authedRequest((init) =>
    client.GET('/api/v1/addresses', { params: { query: { pageSize: 100 } }, ...init }),
  );
  return result.ok ? result.data.items : [];
}

export const createAddress = (body: AddressInput) =>
  authedRequest((init) => client.POST('/api/v1/addresses', { body, ...init }));

export const deleteAddress = (id: string) =>
  authedRequest((init) => client.DELETE('/api/v1/addresses/{id}', { params: { path: { id } }, ...init }));
