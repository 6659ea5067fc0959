/** The stable error codes of API.md. The wire code is the contract: there is no second naming. */
export const errorStatus = {
  validation_failed: 400,
  idempotency_key_required: 400,
  not_authenticated: 401,
  token_invalid: 401,
  token_expired: 401,
  token_reused: 401,
  invalid_credentials: 401,
  otp_invalid: 401,
  otp_expired: 401,
  otp_locked: 401,
  forbidden: 403,
  email_not_verified: 403,
  account_disabled: 403,
  seller_not_approved: 403,
  review_not_eligible: 403,
  not_found: 404,
  email_taken: 409,
  username_taken: 409,
  slug_taken: 409,
  sku_taken: 409,
  category_not_empty: 409,
  out_of_stock: 409,
  illegal_transition: 409,
  idempotency_in_progress: 409,
  review_exists: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  coupon_unavailable: 422,
  payment_method_unavailable: 422,
  refund_exceeds_payment: 422,
  rate_limited: 429,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const statusTitle = (status: number) => titles[status] ?? 'Error';

export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  fields?: FieldError[];
  /** Named extension members of the problem document (e.g. `available`, `lines`). */
  meta?: Record<string, unknown>;
  /** Seconds, sent as `Retry-After` (429, 503). */
  retryAfter?: number;
  /** Overrides the code's default status for the rare code used with two statuses. */
  status?: number;
}

/** The one error type for client-caused and dependency conditions; mapped to problem+json in one place. */
export class AppError extends Error {
  readonly status: number;
  readonly detail?: string;
  readonly fields?: FieldError[];
  readonly meta?: Record<string, unknown>;
  readonly retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(options.detail ?? code);
    this.name = 'AppError';
    this.status = options.status ?? errorStatus[code];
    this.detail = options.detail;
    this.fields = options.fields;
    this.meta = options.meta;
    this.retryAfter = options.retryAfter;
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', { detail: `${what} not found` });
export const forbidden = (detail = 'You are not allowed to do this') => new AppError('forbidden', { detail });
export const notAuthenticated = (detail = 'Sign in to continue') =>
  new AppError('not_authenticated', { detail });
export const validationFailed = (fields: FieldError[], detail = 'The request is not valid') =>
  new AppError('validation_failed', { detail, fields });
export const serviceUnavailable = (detail = 'A service this needs is down', retryAfter = 5) =>
  new AppError('service_unavailable', { detail, retryAfter });
export const rateLimited = (retryAfter: number) =>
  new AppError('rate_limited', {
    detail: `Too many requests; try again in ${retryAfter} s`,
    retryAfter,
  });

/** An RFC 9457 problem document as this API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemOf(
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem> = {},
): Problem {
  return {
    type: `urn:soko:problem:${code}`,
    title: statusTitle(status),
    status,
    code,
    detail,
    ...extra,
  };
}

/**
 * The constraint a database error violated (unique, check, foreign key), if that is what it is,
 * through the wrapping Drizzle adds: how a module turns a conflict into its own 409.
 */
export function violatedConstraint(err: unknown): string | undefined {
  let e = err as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^23/.test(e.code) && typeof e.constraint === 'string')
      return e.constraint;
    e = e.cause as typeof e;
  }
  return undefined;
}
