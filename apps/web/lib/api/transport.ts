import 'server-only';
import { createClient } from '@soko/sdk';
import { apiUrl } from './env';
import type { Problem, Result } from './types';

/** Thrown when the API cannot be reached or answers 503: pages show "back soon", never a stack. */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
  constructor(detail: string) {
    super(`The shop's API is unavailable (${detail})`);
  }
}

export class ApiProblemError extends Error {
  override name = 'ApiProblemError';
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
  }
}

/**
 * The SDK's typed client: paths, parameters, bodies and answers all come from the API's OpenAPI
 * document, so a call the API does not offer fails the type check.
 */
export const client = createClient({ baseUrl: apiUrl });

export const CATALOGUE_REVALIDATE_SECONDS = 60;

export interface CallOptions {
  token?: string | null;
  /** Cache tags; a read with tags and without a token is cached (anything else is `no-store`). */
  tags?: string[];
  /** Seconds; defaults to {@link CATALOGUE_REVALIDATE_SECONDS}. */
  revalidate?: number;
  headers?: Record<string, string>;
}

/** The per-call options every SDK call gets: headers, a timeout and Next's cache settings. */
export type CallInit = {
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
  signal: AbortSignal;
};

export function callInit(options: CallOptions = {}): CallInit {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const isCacheable = !options.token && options.tags !== undefined;
  const cacheInit: RequestInit = isCacheable
    ? { next: { tags: options.tags, revalidate: options.revalidate ?? CATALOGUE_REVALIDATE_SECONDS } }
    : { cache: 'no-store' };
  return {
    headers,
    // Next reads its cache options from fetch's second argument, so they go there.
    fetch: (request) => fetch(request, cacheInit),
    signal: AbortSignal.timeout(10_000),
  };
}

/** What every SDK call resolves to. */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success body of an SDK answer; `null` for answers without one (202, 204). */
export type DataOf<A extends Answer> = [NonNullable<A['data']>] extends [never]
  ? null
  : NonNullable<A['data']>;

function problemFrom(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'code' in body && typeof (body as Problem).code === 'string') {
    return { ...(body as Problem), status };
  }
  return { title: 'Unexpected answer', status, code: status === 404 ? 'not_found' : 'unexpected' };
}

/**
 * Waits for one SDK call. Network failures and 503 throw {@link ApiUnavailableError}; other
 * problems come back as `{ ok: false, problem }`.
 */
export async function settle<A extends Answer>(call: Promise<A>): Promise<Result<DataOf<A>>> {
  let answer: A;
  try {
    answer = await call;
  } catch (err) {
    throw new ApiUnavailableError(err instanceof Error ? err.message : 'network error');
  }
  const { response } = answer;
  if (response.status === 503) throw new ApiUnavailableError('503');
  if (response.ok) return { ok: true, data: (answer.data ?? null) as DataOf<A> };
  return { ok: false, problem: problemFrom(response.status, answer.error) };
}

/** The data of a result a page cannot do without; throws {@link ApiProblemError} otherwise. */
export function orThrow<T>(result: Result<T>): T {
  if (!result.ok) throw new ApiProblemError(result.problem);
  return result.data;
}

/** Drops empty query values, so `?q=&page=` never reaches the API. */
export function compactQuery<Q extends object>(query: Q): Q {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Q;
}
