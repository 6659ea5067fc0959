import 'server-only';
import { cache } from 'react';
import { apiRequest } from './transport';
import { authedRequest, clientHeaders } from './session';
import type { Address, Result, Session, TokenPair, User } from './types';

export type LoginAnswer =
  TokenPair | { otpRequired: true; challengeId: string; method: 'email' | 'totp'; email: string };

/** The signed-in user, or `null` (no session, or a stale or forged one). Once per request. */
export const findCurrentUser = cache(async (): Promise<User | null> => {
  const result = await authedRequest<User | { user: User }>('GET', '/api/v1/auth/me');
  if (!result.ok) return null;
  return 'user' in result.data ? result.data.user : result.data;
});

export const registerUser = (body: {
  email: string;
  password: string;
  name: string;
  username?: string;
  role: 'customer' | 'seller';
}) => apiRequest<{ user: User; next: string }>('POST', '/api/v1/auth/register', { body });

export const login = async (identifier: string, password: string) =>
  apiRequest<LoginAnswer>('POST', '/api/v1/auth/login', {
    body: { identifier, password },
    headers: await clientHeaders(),
  });

export const verifyEmailCode = (email: string, code: string) =>
  apiRequest<{ user: User }>('POST', '/api/v1/auth/otp/verify', {
    body: { email, code, purpose: 'verify_email' },
  });

export const verifyLoginCode = async (email: string, code: string, challengeId: string) =>
  apiRequest<TokenPair>('POST', '/api/v1/auth/otp/verify', {
    body: { email, code, challengeId, purpose: 'login' },
    headers: await clientHeaders(),
  });

export const resendCode = (email: string, purpose: 'verify_email' | 'login') =>
  apiRequest<unknown>('POST', '/api/v1/auth/otp/resend', { body: { email, purpose } });

export const logout = (refreshToken: string) =>
  apiRequest<unknown>('POST', '/api/v1/auth/logout', { body: { refreshToken } });

export const requestPasswordReset = (email: string) =>
  apiRequest<unknown>('POST', '/api/v1/auth/password/reset', { body: { email } });

export const confirmPasswordReset = (token: string, password: string) =>
  apiRequest<unknown>('POST', '/api/v1/auth/password/reset/confirm', { body: { token, password } });

export const updateProfile = (body: { name?: string; username?: string }): Promise<Result<User>> =>
  authedRequest<User>('PATCH', '/api/v1/auth/me', { body });

export const changePassword = (currentPassword: string, newPassword: string) =>
  authedRequest<unknown>('POST', '/api/v1/auth/password/change', { body: { currentPassword, newPassword } });

export const setupTotp = () =>
  authedRequest<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }>(
    'POST',
    '/api/v1/auth/2fa/totp/setup',
    {
      body: {},
    },
  );

export const enableTotp = (code: string) =>
  authedRequest<{ backupCodes: string[] }>('POST', '/api/v1/auth/2fa/totp/enable', { body: { code } });

export const enableEmailTwoFactor = (password: string) =>
  authedRequest<unknown>('POST', '/api/v1/auth/2fa/email/enable', { body: { password } });

export const disableTwoFactor = (password: string) =>
  authedRequest<unknown>('POST', '/api/v1/auth/2fa/disable', { body: { password } });

export async function listSessions(): Promise<Session[]> {
  const result = await authedRequest<{ items: Session[] } | Session[]>('GET', '/api/v1/auth/sessions');
  if (!result.ok) return [];
  return Array.isArray(result.data) ? result.data : result.data.items;
}

export const revokeSession = (id: string) =>
  authedRequest<unknown>('DELETE', `/api/v1/auth/sessions/${encodeURIComponent(id)}`);

export async function listAddresses(): Promise<Address[]> {
  const result = await authedRequest<{ items: Address[] } | Address[]>('GET', '/api/v1/addresses');
  if (!result.ok) return [];
  return Array.isArray(result.data) ? result.data : result.data.items;
}

export const createAddress = (body: Omit<Address, 'id'>) =>
  authedRequest<Address>('POST', '/api/v1/addresses', { body });

export const deleteAddress = (id: string) =>
  authedRequest<unknown>('DELETE', `/api/v1/addresses/${encodeURIComponent(id)}`);
