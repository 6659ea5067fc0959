import { AppError, validationFailed } from '../../platform/errors.js';

export const invalidCredentials = () =>
  new AppError('invalid_credentials', { detail: 'The email, username or password is wrong' });
/** Only after a correct password: `email` lets a client that signed in by username go to verification. */
export const emailNotVerified = (email: string) =>
  new AppError('email_not_verified', {
    detail: 'Verify your email address first; we sent you a code',
    meta: { email },
  });
export const accountDisabled = () => new AppError('account_disabled', { detail: 'This account is disabled' });
export const otpInvalid = () => new AppError('otp_invalid', { detail: 'The code is not valid' });
export const otpExpired = () =>
  new AppError('otp_expired', { detail: 'The code has expired; ask for a new one' });
export const otpLocked = () =>
  new AppError('otp_locked', { detail: 'Too many wrong codes; ask for a new one' });
export const tokenInvalid = (detail = 'The token is not valid') => new AppError('token_invalid', { detail });
export const tokenExpired = (detail = 'The token has expired') => new AppError('token_expired', { detail });
export const tokenReused = () =>
  new AppError('token_reused', {
    detail: 'This refresh token was already used; the session is revoked. Sign in again',
  });
export const commonPassword = (path = 'password') =>
  validationFailed([{ path, message: 'is too common; choose another password' }]);
