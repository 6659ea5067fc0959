/**
 * Auth rate limits, fixed windows (see platform/rate-limiter.ts). The bounds clients may rely on
 * (API.md): two mistyped passwords or five mistyped codes are never limited; 30 failed logins from
 * one IP in 5 min, or 10 wrong passwords for one account in 15 min, are.
 *
 * With fixed windows, any span of one window's length overlaps at most two windows, so N failures
 * in the span put at least N/2 into one window: the limits below are at most half the upper bounds.
 */
export const authLimits = {
  /** Failed logins per IP: the 16th attempt within a 5-minute window answers 429. */
  loginFailuresPerIp: { limit: 15, windowSeconds: 5 * 60 },
  /**
   * Wrong passwords per account (or, for an unknown identifier, per identifier, so a 429 tells
   * nothing about whether the account exists): the 6th attempt in a 15-minute window answers 429.
   * A successful login clears it.
   */
  loginFailuresPerAccount: { limit: 5, windowSeconds: 15 * 60 },
  /** Code checks (POST /auth/otp/verify, 2FA enable) per IP. Each code also dies after 5 wrong tries. */
  otpVerifyPerIp: { limit: 30, windowSeconds: 5 * 60 },
  /** A new code for the same email and purpose at most every 30 s. */
  codeCooldown: { limit: 1, windowSeconds: 30 },
  /** Accounts registered per IP. */
  registerPerIp: { limit: 30, windowSeconds: 10 * 60 },
  /** Reset mails per email address (asked for, whether or not the account exists). */
  resetPerEmail: { limit: 5, windowSeconds: 60 * 60 },
  /** Reset requests per IP. */
  resetPerIp: { limit: 20, windowSeconds: 15 * 60 },
  /** Every /auth/* route per IP (via @fastify/rate-limit), over all of the above. */
  routePerIpPerMinute: 120,
} as const;

export type AuthLimit = { limit: number; windowSeconds: number };

/** Lifetimes. */
export const authTtl = {
  otpSeconds: 10 * 60,
  otpMaxAttempts: 5,
  resetSeconds: 60 * 60,
} as const;
