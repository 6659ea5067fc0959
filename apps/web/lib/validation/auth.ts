import { z } from 'zod';

/** Form schemas shared by the client forms and the server actions (the API checks again). */
export const password = z.string().min(8, 'At least 8 characters').max(128, 'At most 128 characters');
export const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{6,20}$/, 'Enter the code you received');

export const RegisterForm = z.object({
  name: z.string().trim().min(1, 'Tell us your name').max(100),
  email: z.email('Enter a valid email address'),
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{3,30}$/, '3–30 lowercase letters, digits or _')
    .or(z.literal('')),
  password,
  role: z.enum(['customer', 'seller']),
});
export type RegisterForm = z.infer<typeof RegisterForm>;

export const SignInForm = z.object({
  identifier: z.string().trim().min(1, 'Enter your email or username'),
  password: z.string().min(1, 'Enter your password'),
});
export type SignInForm = z.infer<typeof SignInForm>;

export const CodeForm = z.object({ code });
export type CodeForm = z.infer<typeof CodeForm>;

export const EmailForm = z.object({ email: z.email('Enter a valid email address') });
export type EmailForm = z.infer<typeof EmailForm>;

export const ResetForm = z
  .object({ token: z.string().min(1), password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords differ' });
export type ResetForm = z.infer<typeof ResetForm>;

export const ChangePasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: password,
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The passwords differ' });
export type ChangePasswordForm = z.infer<typeof ChangePasswordForm>;

export const ProfileForm = z.object({
  name: z.string().trim().min(1, 'Tell us your name').max(100),
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{3,30}$/, '3–30 lowercase letters, digits or _')
    .or(z.literal('')),
});
export type ProfileForm = z.infer<typeof ProfileForm>;

export const AddressForm = z.object({
  fullName: z.string().trim().min(1, 'Required').max(100),
  phone: z.string().trim().min(7, 'Enter a phone number').max(20),
  line1: z.string().trim().min(1, 'Required').max(200),
  line2: z.string().trim().max(200),
  city: z.string().trim().min(1, 'Required').max(100),
  region: z.string().trim().max(100),
  postalCode: z.string().trim().max(20),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Two-letter country code, e.g. KE'),
});
export type AddressForm = z.infer<typeof AddressForm>;

export const PasswordOnlyForm = z.object({ password: z.string().min(1, 'Enter your password') });
export type PasswordOnlyForm = z.infer<typeof PasswordOnlyForm>;
