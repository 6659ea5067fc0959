'use server';
import { redirect } from 'next/navigation';
import * as auth from '@/lib/api/auth';
import { mergeGuestCart } from '@/lib/api/cart';
import { ApiUnavailableError } from '@/lib/api/transport';
import {
  clearSession,
  readChallenge,
  readPendingEmail,
  readRefreshToken,
  setChallenge,
  setPendingEmail,
  storeTokens,
} from '@/lib/api/session';
import type { Result, TokenPair } from '@/lib/api/types';
import { safeNext, withNext } from '@/lib/safe-next';
import { CodeForm, EmailForm, RegisterForm, ResetForm, SignInForm } from '@/lib/validation/auth';
import { invalid, unavailable } from '@/lib/action-problems';

type ActionResult<T = null> = Result<T>;

async function guard<T>(work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiUnavailableError) return { ok: false, problem: unavailable };
    throw err;
  }
}

export async function registerAction(input: RegisterForm): Promise<ActionResult<{ email: string }>> {
  const parsed = RegisterForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { username, ...rest } = parsed.data;
  const result = await guard(() => auth.registerUser({ ...rest, ...(username ? { username } : {}) }));
  if (!result.ok) return result;
  await setPendingEmail(parsed.data.email);
  return { ok: true, data: { email: parsed.data.email } };
}

export async function verifyEmailAction(input: CodeForm): Promise<ActionResult> {
  const parsed = CodeForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const email = await readPendingEmail();
  if (!email)
    return {
      ok: false,
      problem: {
        title: 'Nothing to verify',
        status: 400,
        code: 'not_found',
        detail: 'Register or sign in first.',
      },
    };
  const result = await guard(() => auth.verifyEmailCode(email, parsed.data.code));
  if (!result.ok) return result;
  await setPendingEmail(null);
  return { ok: true, data: null };
}

export async function resendCodeAction(): Promise<ActionResult> {
  const challenge = await readChallenge();
  const email = (await readPendingEmail()) ?? challenge?.email;
  if (!email) return { ok: false, problem: { title: 'Nothing to resend', status: 400, code: 'not_found' } };
  const result = await guard(() => auth.resendCode(email, challenge ? 'login' : 'verify_email'));
  return result.ok ? { ok: true, data: null } : result;
}

export async function signInAction(
  input: SignInForm & { next?: string },
): Promise<ActionResult<{ step: 'done' | 'verify_email' | 'two_factor'; next: string }>> {
  const parsed = SignInForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const next = safeNext(input.next);
  const result = await guard(() => auth.login(parsed.data.identifier, parsed.data.password));
  if (!result.ok) {
    if (result.problem.code === 'email_not_verified') {
      const email = typeof result.problem.email === 'string' ? result.problem.email : parsed.data.identifier;
      if (email.includes('@')) {
        await setPendingEmail(email);
        return {
          ok: true,
          data: { step: 'verify_email', next: withNext('/verify', next === '/account' ? null : next) },
        };
      }
    }
    return result;
  }
  if ('otpRequired' in result.data) {
    await setChallenge({
      challengeId: result.data.challengeId,
      method: result.data.method,
      // The API names the account's email once the password was right, so a username sign-in can finish.
      email: result.data.email,
      next,
    });
    return { ok: true, data: { step: 'two_factor', next: '/sign-in/two-factor' } };
  }
  await signedIn(result.data);
  return { ok: true, data: { step: 'done', next } };
}

/**
 * A session begins: tokens stored, and a guest cart (from before registering or signing in)
 * merged into the account cart, its cookie dropped, so the header counts the merged cart.
 */
async function signedIn(pair: TokenPair) {
  await storeTokens(pair);
  await mergeGuestCart(pair.accessToken);
  await setChallenge(null);
  await setPendingEmail(null);
}

export async function twoFactorAction(input: CodeForm): Promise<ActionResult<{ next: string }>> {
  const parsed = CodeForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const challenge = await readChallenge();
  if (!challenge) {
    return {
      ok: false,
      problem: {
        title: 'Sign in again',
        status: 400,
        code: 'otp_expired',
        detail: 'The sign-in attempt expired. Please sign in again.',
      },
    };
  }
  // The login answer named the account's email, so a sign-in by username finishes too.
  const result = await guard(() =>
    auth.verifyLoginCode(challenge.email, parsed.data.code, challenge.challengeId),
  );
  if (!result.ok) return result;
  await signedIn(result.data);
  return { ok: true, data: { next: safeNext(challenge.next) } };
}

export async function forgotPasswordAction(input: EmailForm): Promise<ActionResult> {
  const parsed = EmailForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = await guard(() => auth.requestPasswordReset(parsed.data.email));
  return result.ok ? { ok: true, data: null } : result;
}

export async function resetPasswordAction(input: ResetForm): Promise<ActionResult> {
  const parsed = ResetForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = await guard(() => auth.confirmPasswordReset(parsed.data.token, parsed.data.password));
  if (!result.ok) return result;
  await clearSession();
  return { ok: true, data: null };
}

export async function signOutAction(): Promise<void> {
  const refresh = await readRefreshToken();
  if (refresh) await auth.logout(refresh).catch(() => undefined);
  await clearSession();
  redirect('/');
}
