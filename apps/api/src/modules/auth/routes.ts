import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, PageQuery, problems } from '../../platform/schema.js';
import { authLimits } from './limits.js';
import {
  BackupCodes,
  ChangePasswordBody,
  LoginBody,
  OtpRequired,
  OtpResendBody,
  OtpVerifyBody,
  PasswordBody,
  RefreshBody,
  RegisterBody,
  RegisterResult,
  ResetConfirmBody,
  ResetRequestBody,
  Session,
  TokenPair,
  TotpEnableBody,
  TotpSetup,
  UpdateMeBody,
  UserEnvelope,
} from './schema.js';
import {
  changePassword,
  confirmPasswordReset,
  getMe,
  requestPasswordReset,
  updateMe,
} from './service/account.js';
import { login, verifyOtp } from './service/login.js';
import { register, resendCode } from './service/register.js';
import { listSessions, logout, refreshSession, revokeMySession } from './service/sessions.js';
import { disableTwoFactor, enableEmailTwoFactor, enableTotp, setupTotp } from './service/two-factor.js';

const tags = ['auth'];
const Accepted = z.null().describe('Accepted');
const NoContent = z.null().describe('No content');

export const authRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => contextFor(platform, request);
  const actx = (request: FastifyRequest) => ({
    ...contextFor(platform, request),
    actor: actorOf(request.actor),
  });
  // Every /auth route: a per-IP budget (@fastify/rate-limit) on top of the limits in limits.ts.
  const config = {
    rateLimit: {
      max: authLimits.routePerIpPerMinute,
      timeWindow: '1 minute',
    },
  };

  app.post(
    '/auth/register',
    {
      config,
      schema: {
        tags,
        operationId: 'register',
        summary: 'Create a customer or seller account',
        description:
          'Creates a `pending_verification` account and mails a 6-digit code (10 min, 5 tries). A seller starts with `sellerStatus: "pending"`. ' +
          '`status`, `emailVerified` and any other field are refused (400). Limit: 30 registrations per IP per 10 min.',
        body: RegisterBody,
        response: { 201: RegisterResult, ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await register(ctx(request), request.body);
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/auth/otp/verify',
    {
      config,
      schema: {
        tags,
        operationId: 'verifyOtp',
        summary: 'Verify an email address, or complete a two-factor login',
        description:
          '`purpose: "verify_email"` activates the account and answers `{ user }`. `purpose: "login"` takes the emailed code, the TOTP code or a backup code for `challengeId` and answers a token pair. ' +
          'A code lives 10 minutes; the 5th wrong try locks it (`otp_locked`, even the right code then fails; ask for a new one). Limit: 30 checks per IP per 5 min.',
        body: OtpVerifyBody,
        response: { 200: z.union([TokenPair, UserEnvelope]), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => verifyOtp(ctx(request), request.body),
  );

  app.post(
    '/auth/otp/resend',
    {
      config,
      schema: {
        tags,
        operationId: 'resendCode',
        summary: 'Mail a new one-time code',
        description:
          'Answers 202 whether or not the account exists; a new code is mailed when it does (and has a pending verification or an emailed login challenge). ' +
          '429 with `Retry-After` within 30 s of the last code for this email and purpose.',
        body: OtpResendBody,
        response: { 202: Accepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await resendCode(ctx(request), request.body);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/login',
    {
      config,
      schema: {
        tags,
        operationId: 'login',
        summary: 'Sign in with email or username and password',
        description:
          'Wrong password and unknown account answer the same 401 `invalid_credentials`. With two-factor on, answers `{ otpRequired, challengeId, method }` (finish at /auth/otp/verify). ' +
          'Limits (429 `rate_limited` with `Retry-After`): after 15 failed logins from one IP in a 5-minute window, and after 5 wrong passwords for one account in a 15-minute window (cleared by a successful login).',
        body: LoginBody,
        response: { 200: z.union([TokenPair, OtpRequired]), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => login(ctx(request), request.body),
  );

  app.post(
    '/auth/refresh',
    {
      config,
      schema: {
        tags,
        operationId: 'refreshSession',
        summary: 'Trade a refresh token for a new token pair',
        description:
          'Refresh tokens are single use and live 7 days from their issue. Presenting a used one revokes its whole session: 401 `token_reused`.',
        body: RefreshBody,
        response: { 200: TokenPair, ...problems(400, 401, 429) },
      },
    },
    async (request) => refreshSession(ctx(request), request.body),
  );

  app.post(
    '/auth/logout',
    {
      config,
      schema: {
        tags,
        operationId: 'logout',
        summary: 'End the session of a refresh token',
        body: RefreshBody,
        response: { 204: NoContent, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await logout(ctx(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'getMe',
        summary: 'The signed-in account',
        response: { 200: UserEnvelope, ...problems(401, 429) },
      },
    },
    async (request) => getMe(actx(request)),
  );

  app.patch(
    '/auth/me',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'updateMe',
        summary: 'Change name or username',
        description: 'Only `name` and `username`; any other field is refused (400).',
        body: UpdateMeBody,
        response: { 200: UserEnvelope, ...problems(400, 401, 409, 429) },
      },
    },
    async (request) => updateMe(actx(request), request.body),
  );

  app.get(
    '/auth/sessions',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'listSessions',
        summary: "The caller's live sessions with device and last use",
        querystring: PageQuery,
        response: { 200: Page(Session), ...problems(400, 401, 429) },
      },
    },
    async (request) => listSessions(actx(request), request.query),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'revokeMySession',
        summary: 'Revoke one of the caller’s sessions',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      await revokeMySession(actx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password/change',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'changePassword',
        summary: 'Change the password; other sessions are revoked',
        description:
          'A wrong `currentPassword` is 401 `invalid_credentials` and counts against the account’s login limit.',
        body: ChangePasswordBody,
        response: { 204: NoContent, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await changePassword(actx(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password/reset',
    {
      config,
      schema: {
        tags,
        operationId: 'requestPasswordReset',
        summary: 'Mail a password-reset link',
        description:
          'Always 202: the answer never says whether the email is known. The link `{PUBLIC_WEB_URL}/reset-password?token=…` works once, for 1 hour. Limits: 5 per email per hour, 20 per IP per 15 min.',
        body: ResetRequestBody,
        response: { 202: Accepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx(request), request.body);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password/reset/confirm',
    {
      config,
      schema: {
        tags,
        operationId: 'confirmPasswordReset',
        summary: 'Set a new password with a reset token; all sessions are revoked',
        description: 'A used or unknown token is 401 `token_invalid`; an expired one 401 `token_expired`.',
        body: ResetConfirmBody,
        response: { 204: NoContent, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(ctx(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/2fa/totp/setup',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'setupTotp',
        summary: 'Start TOTP enrolment',
        description: 'Not in force until /auth/2fa/totp/enable. 403 while TOTP is already on.',
        response: { 200: TotpSetup, ...problems(401, 403, 429) },
      },
    },
    async (request) => setupTotp(actx(request)),
  );

  app.post(
    '/auth/2fa/totp/enable',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'enableTotp',
        summary: 'Turn TOTP on with a code from the app',
        description: 'Answers 10 single-use backup codes, shown once.',
        body: TotpEnableBody,
        response: { 200: BackupCodes, ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => enableTotp(actx(request), request.body),
  );

  app.post(
    '/auth/2fa/email/enable',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'enableEmailTwoFactor',
        summary: 'Turn emailed sign-in codes on',
        body: PasswordBody,
        response: { 204: NoContent, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await enableEmailTwoFactor(actx(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/2fa/disable',
    {
      config,
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'disableTwoFactor',
        summary: 'Turn two-factor off',
        body: PasswordBody,
        response: { 204: NoContent, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await disableTwoFactor(actx(request), request.body);
      return reply.status(204).send(null);
    },
  );
};
