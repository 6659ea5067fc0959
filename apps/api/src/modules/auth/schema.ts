import { z } from 'zod';
import type { UserRow } from '../users/index.js';
import { isCommonPassword } from './common-passwords.js';

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters')
  .refine((p) => !isCommonPassword(p), 'is too common; choose another password');
export const Username = z.string().regex(/^[a-z0-9_]{3,30}$/, 'must be 3-30 characters of a-z, 0-9 and _');
const Name = z.string().trim().min(1).max(100);
const OtpCode = z.string().trim().min(6).max(20);

export const RegisterBody = z
  .object({
    email: Email,
    password: Password,
    name: Name,
    username: Username.optional(),
    role: z.enum(['customer', 'seller']).default('customer'),
  })
  .strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z
  .object({ identifier: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const OtpVerifyBody = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('verify_email'), email: Email, code: OtpCode }).strict(),
  z.object({ purpose: z.literal('login'), email: Email, code: OtpCode, challengeId: z.uuid() }).strict(),
]);
export type OtpVerifyBody = z.infer<typeof OtpVerifyBody>;

export const OtpResendBody = z.object({ email: Email, purpose: z.enum(['verify_email', 'login']) }).strict();
export type OtpResendBody = z.infer<typeof OtpResendBody>;

export const RefreshBody = z.object({ refreshToken: z.string().min(1).max(200) }).strict();
export type RefreshBody = z.infer<typeof RefreshBody>;

export const UpdateMeBody = z.object({ name: Name.optional(), username: Username.optional() }).strict();
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: Password })
  .strict();
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const ResetRequestBody = z.object({ email: Email }).strict();
export type ResetRequestBody = z.infer<typeof ResetRequestBody>;

export const ResetConfirmBody = z.object({ token: z.string().min(1).max(200), password: Password }).strict();
export type ResetConfirmBody = z.infer<typeof ResetConfirmBody>;

export const PasswordBody = z.object({ password: z.string().min(1).max(1024) }).strict();
export type PasswordBody = z.infer<typeof PasswordBody>;

export const TotpEnableBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be 6 digits'),
  })
  .strict();
export type TotpEnableBody = z.infer<typeof TotpEnableBody>;

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    username: z.string().nullable(),
    name: z.string(),
    role: z.enum(['customer', 'seller', 'admin']),
    status: z.enum(['pending_verification', 'active', 'disabled']),
    sellerStatus: z.enum(['pending', 'approved', 'rejected']).nullable(),
    emailVerified: z.boolean(),
    twoFactor: z.object({ method: z.enum(['email', 'totp']).nullable() }),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** The public view of a user row; written by hand so a new column cannot leak. */
export const toUser = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  username: u.username,
  name: u.name,
  role: u.role,
  status: u.status,
  sellerStatus: u.sellerStatus,
  emailVerified: u.emailVerifiedAt !== null,
  twoFactor: { method: u.twoFactorMethod },
  createdAt: u.createdAt.toISOString(),
});

export const UserEnvelope = z.object({ user: User });
export const RegisterResult = z.object({ user: User, next: z.literal('verify_email') });

export const TokenPair = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().describe('Access token life in seconds'),
    user: User,
  })
  .meta({ id: 'TokenPair' });
export type TokenPair = z.infer<typeof TokenPair>;

export const OtpRequired = z.object({
  otpRequired: z.literal(true),
  challengeId: z.uuid(),
  method: z.enum(['email', 'totp']),
  email: z
    .string()
    .describe(
      "The account's email, for the second step (`/auth/otp/verify` and `/auth/otp/resend` take it). Sent only after a correct password, so a sign-in by username can finish.",
    ),
});
export type OtpRequired = z.infer<typeof OtpRequired>;

export const Session = z.object({
  id: z.uuid(),
  device: z.string(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().describe('When the session last refreshed its tokens (or signed in)'),
  current: z.boolean().describe('The session of the access token making this request'),
});
export type Session = z.infer<typeof Session>;

export const TotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
export const BackupCodes = z.object({ backupCodes: z.array(z.string()).length(10) });
