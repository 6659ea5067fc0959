'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as auth from '@/lib/api/auth';
import { clearSession } from '@/lib/api/session';
import { ApiUnavailableError } from '@/lib/api/transport';
import type { Address, Result, User } from '@/lib/api/types';
import {
  AddressForm,
  ChangePasswordForm,
  CodeForm,
  PasswordOnlyForm,
  ProfileForm,
} from '@/lib/validation/auth';
import { invalid, unavailable } from '@/lib/action-problems';

/** Runs an account call; a session that ended meanwhile signs the browser out cleanly. */
async function run<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
  let result: Result<T>;
  try {
    result = await work();
  } catch (err) {
    if (err instanceof ApiUnavailableError) return { ok: false, problem: unavailable };
    throw err;
  }
  if (!result.ok && result.problem.status === 401 && result.problem.code !== 'invalid_credentials') {
    await clearSession();
    redirect('/sign-in?next=/account');
  }
  return result;
}

const done = <T>(r: Result<T>): Result<null> => (r.ok ? { ok: true, data: null } : r);

export async function updateProfileAction(input: ProfileForm): Promise<Result<User>> {
  const parsed = ProfileForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = await run(() =>
    auth.updateProfile({
      name: parsed.data.name,
      ...(parsed.data.username ? { username: parsed.data.username } : {}),
    }),
  );
  if (result.ok) revalidatePath('/', 'layout');
  return result;
}

export async function addAddressAction(input: AddressForm): Promise<Result<Address>> {
  const parsed = AddressForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { line2, region, postalCode, country, ...rest } = parsed.data;
  const result = await run(() =>
    auth.createAddress({
      ...rest,
      country: country.toUpperCase(),
      ...(line2 ? { line2 } : {}),
      ...(region ? { region } : {}),
      ...(postalCode ? { postalCode } : {}),
    }),
  );
  if (result.ok) revalidatePath('/account/addresses');
  return result;
}

export async function deleteAddressAction(id: string): Promise<Result<null>> {
  const result = done(await run(() => auth.deleteAddress(id)));
  if (result.ok) revalidatePath('/account/addresses');
  return result;
}

export async function changePasswordAction(input: ChangePasswordForm): Promise<Result<null>> {
  const parsed = ChangePasswordForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return done(await run(() => auth.changePassword(parsed.data.currentPassword, parsed.data.newPassword)));
}

export async function setupTotpAction() {
  return run(() => auth.setupTotp());
}

export async function enableTotpAction(input: CodeForm): Promise<Result<{ backupCodes: string[] }>> {
  const parsed = CodeForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = await run(() => auth.enableTotp(parsed.data.code));
  if (result.ok) revalidatePath('/account/security');
  return result;
}

export async function enableEmailTwoFactorAction(input: PasswordOnlyForm): Promise<Result<null>> {
  const parsed = PasswordOnlyForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = done(await run(() => auth.enableEmailTwoFactor(parsed.data.password)));
  if (result.ok) revalidatePath('/account/security');
  return result;
}

export async function disableTwoFactorAction(input: PasswordOnlyForm): Promise<Result<null>> {
  const parsed = PasswordOnlyForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = done(await run(() => auth.disableTwoFactor(parsed.data.password)));
  if (result.ok) revalidatePath('/account/security');
  return result;
}

export async function revokeSessionAction(id: string): Promise<Result<null>> {
  const result = done(await run(() => auth.revokeSession(id)));
  if (result.ok) revalidatePath('/account/security');
  return result;
}
