import path from 'node:path';
import { z } from 'zod';

/** The development JWT secret. A production start with it is refused (see {@link loadConfig}). */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const origin = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  API_PORT: port(4000),
  WEB_PORT: port(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_API_URL: origin,
  PUBLIC_WEB_URL: origin,
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_TIMEOUT_MS: positiveInt(5_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,40}$/, 'letters, digits and : . - _ only')
    .default('soko:'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('Soko <no-reply@soko.local>'),
  SEED_DEMO: bool(true),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(7),
  STORE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as KES')
    .default('KES'),
  STORE_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Africa/Nairobi')
    .default('Africa/Nairobi'),
  PRICES_INCLUDE_TAX: bool(false),
  ORDER_PAYMENT_TIMEOUT_MINUTES: positiveInt(30),
  MARKETPLACE_COMMISSION_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  CART_REMINDER_HOURS: positiveInt(24),
  ADMIN_EMAIL: z
    .email()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ADMIN_PASSWORD: z
    .string()
    .min(8)
    .max(128)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MPESA_BASE_URL: optionalString,
  MPESA_CONSUMER_KEY: optionalString,
  MPESA_CONSUMER_SECRET: optionalString,
  MPESA_SHORTCODE: optionalString,
  MPESA_PASSKEY: optionalString,
  MPESA_CALLBACK_SECRET: optionalString,
  MPESA_INITIATOR_NAME: optionalString,
  MPESA_SECURITY_CREDENTIAL: optionalString,
  MPESA_SANDBOX_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(2_000),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: optionalString,
  RATE_LIMIT_DISABLED: bool(false),
  TRUST_PROXY: bool(false),
  CACHE_MAX_MB: positiveInt(32),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: optionalString,
  REVALIDATE_SECRET: optionalString,
  S3_ENDPOINT: optionalString,
  S3_BUCKET: optionalString,
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_PUBLIC_URL: optionalString,
});

/** The typed configuration every part of the API reads. Built once at start by {@link loadConfig}. */
export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  apiPort: number;
  webPort: number;
  host: string;
  publicApiUrl: string;
  publicWebUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** How long a request waits for a pooled PostgreSQL connection before answering 503. */
  databasePoolTimeoutMs: number;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so several shops (or test files) can share one Redis. */
  redisKeyPrefix: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  seedDemo: boolean;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  storeCurrency: string;
  storeTimezone: string;
  pricesIncludeTax: boolean;
  orderPaymentTimeoutMinutes: number;
  /** The shop's default commission on a seller's sales, basis points (1000 = 10%). */
  marketplaceCommissionBps: number;
  cartReminderHours: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  rateLimitDisabled: boolean;
  /** Behind a load balancer: take the client IP from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: string;
  /** Bound of the in-process response cache (used without Redis), in bytes. */
  cacheMaxBytes: number;
  corsOrigins: string[];
  /** Shared with the web app's revalidation route; derived from JWT_SECRET when unset. */
  revalidateSecret: string;
  mpesa: {
    baseUrl?: string;
    consumerKey?: string;
    consumerSecret?: string;
    shortcode?: string;
    passkey?: string;
    callbackSecret?: string;
    /** Reversal API (refunds): the initiator's user name and its encrypted password. */
    initiatorName?: string;
    securityCredential?: string;
    /** Without credentials: how long the sandbox's shopper takes to answer the prompt. */
    sandboxDelayMs: number;
  };
  stripe: { secretKey?: string; webhookSecret?: string; apiUrl?: string };
  s3:
    | {
        endpoint: string;
        bucket: string;
        region: string;
        accessKeyId: string;
        secretAccessKey: string;
        publicUrl?: string;
      }
    | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once into a {@link Config}. Throws a {@link ConfigError} naming every bad
 * variable, and refuses a production start with the development JWT secret.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === DEV_JWT_SECRET) {
    throw new ConfigError([
      'JWT_SECRET: the development default is refused when NODE_ENV=production; set a random secret of 32+ characters',
    ]);
  }
  const browserHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicApiUrl = e.PUBLIC_API_URL ?? `http://${browserHost}:${e.API_PORT}`;
  const publicWebUrl = e.PUBLIC_WEB_URL ?? `http://${browserHost}:${e.WEB_PORT}`;
  const s3Ready = e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY;
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    apiPort: e.API_PORT,
    webPort: e.WEB_PORT,
    host: e.HOST,
    publicApiUrl,
    publicWebUrl,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    seedDemo: e.SEED_DEMO,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    storeCurrency: e.STORE_CURRENCY,
    storeTimezone: e.STORE_TIMEZONE,
    pricesIncludeTax: e.PRICES_INCLUDE_TAX,
    orderPaymentTimeoutMinutes: e.ORDER_PAYMENT_TIMEOUT_MINUTES,
    marketplaceCommissionBps: e.MARKETPLACE_COMMISSION_BPS,
    cartReminderHours: e.CART_REMINDER_HOURS,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    rateLimitDisabled: e.RATE_LIMIT_DISABLED,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    cacheMaxBytes: e.CACHE_MAX_MB * 1024 * 1024,
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()) : [publicWebUrl],
    revalidateSecret: e.REVALIDATE_SECRET ?? `rv-${e.JWT_SECRET}`,
    mpesa: {
      baseUrl: e.MPESA_BASE_URL,
      consumerKey: e.MPESA_CONSUMER_KEY,
      consumerSecret: e.MPESA_CONSUMER_SECRET,
      shortcode: e.MPESA_SHORTCODE,
      passkey: e.MPESA_PASSKEY,
      callbackSecret: e.MPESA_CALLBACK_SECRET,
      initiatorName: e.MPESA_INITIATOR_NAME,
      securityCredential: e.MPESA_SECURITY_CREDENTIAL,
      sandboxDelayMs: e.MPESA_SANDBOX_DELAY_MS,
    },
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      apiUrl: e.STRIPE_API_URL,
    },
    s3: s3Ready
      ? {
          endpoint: e.S3_ENDPOINT!,
          bucket: e.S3_BUCKET!,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID!,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
          publicUrl: e.S3_PUBLIC_URL,
        }
      : undefined,
  };
}
