import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { Problem } from './api/types';

/** Codes that belong to one field, so the message shows beside it. */
const fieldOfCode: Record<string, string> = {
  email_taken: 'email',
  username_taken: 'username',
  invalid_credentials: 'password',
  otp_invalid: 'code',
  otp_expired: 'code',
  otp_locked: 'code',
};

const messages: Record<string, string> = {
  email_taken: 'An account with this email already exists. Sign in instead?',
  username_taken: 'That username is taken.',
  invalid_credentials: 'The email, username or password is wrong.',
  otp_invalid: 'That code is not right. Check it and try again.',
  otp_expired: 'That code has expired. Ask for a new one.',
  otp_locked: 'Too many wrong tries. Ask for a new code.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  account_disabled: 'This account is disabled. Contact support.',
  token_invalid: 'This link is invalid or has expired. Ask for a new one.',
  token_expired: 'This link has expired. Ask for a new one.',
  not_authenticated: 'Your session ended. Please sign in again.',
};

/** A sentence for a problem, for places without a field. */
export function problemMessage(problem: Problem): string {
  return messages[problem.code] ?? problem.detail ?? problem.title;
}

/**
 * Puts the API's per-field errors beside their fields (`body.email` → `email`) and anything
 * else on the form's root. Returns whether any field got an error.
 */
export function applyProblem<T extends FieldValues>(
  problem: Problem,
  setError: UseFormSetError<T>,
  fields: string[],
) {
  let hasFieldError = false;
  for (const e of problem.errors ?? []) {
    const name = e.path.replace(/^body\./, '');
    if (fields.includes(name)) {
      setError(name as Path<T>, { message: e.message });
      hasFieldError = true;
    }
  }
  const field = fieldOfCode[problem.code];
  if (field && fields.includes(field)) {
    setError(field as Path<T>, { message: problemMessage(problem) });
    hasFieldError = true;
  }
  if (!hasFieldError) setError('root' as Path<T>, { message: problemMessage(problem) });
  return hasFieldError;
}
