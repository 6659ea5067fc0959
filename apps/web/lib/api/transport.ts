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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

interface LooseInit {
  params?: { query?: Query; path?: Record<string, string> };
  body?: unknown;
  headers?: Record<string, string>;
  fetch?: (request: Request) => Promise<Response>;
  signal?: AbortSignal;
}
interface LooseResponse {
  data?: unknown;
  error?: unknown;
  response: Response;
}
/**
 * The SDK's client with paths as plain strings: the generated `paths` only list the endpoints the
 * API has shipped so far, and this layer is written against API.md. Answers are checked below.
 */
type LooseClient = Record<Method, (path: string, init?: LooseInit) => Promise<LooseResponse>>;

const client = createClient({ baseUrl: apiUrl }) as unknown as LooseClient;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  token?: string | null;
  tags?: string[];
  /** Seconds; catalogue reads default to 60, anything with a token is never cached. */
  revalidate?: number;
  headers?: Record<string, string>;
}

export const CATALOGUE_REVALIDATE_SECONDS = 60;

function problemFrom(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'code' in body && typeof (body as Problem).code === 'string') {
    return { ...(body as Problem), status };
  }
  return { title: 'Unexpected answer', status, code: status === 404 ? 'not_found' : 'unexpected' };
}

/**
 * One call to the API. Network failures and 503 throw {@link ApiUnavailableError}; other
 * problems come back as `{ ok: false, problem }`.
 */
export async function apiRequest<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const query = options.query
    ? Object.fromEntries(
        Object.entries(options.query).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      )
    : undefined;
  const isCacheable = method === 'GET' && !options.token && options.tags !== undefined;
  const cacheInit: RequestInit = isCacheable
    ? { next: { tags: options.tags, revalidate: options.revalidate ?? CATALOGUE_REVALIDATE_SECONDS } }
    : { cache: 'no-store' };
  let result: LooseResponse;
  try {
    result = await client[method](path, {
      params: query ? { query } : undefined,
      body: options.body,
      headers,
      // Next reads its cache options from fetch's second argument, so they go there.
      fetch: (request) => fetch(request, cacheInit),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ApiUnavailableError(err instanceof Error ? err.message : 'network error');
  }
  const { response } = result;
  if (response.status === 503) throw new ApiUnavailableError('503');
  if (response.ok) return { ok: true, data: (result.data ?? null) as T };
  return { ok: false, problem: problemFrom(response.status, result.error) };
}

/** Like {@link apiRequest} but throws on a problem: for reads a page cannot do without. */
export async function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const result = await apiRequest<T>('GET', path, options);
  if (!result.ok) throw new ApiProblemError(result.problem);
  return result.data;
}

export class ApiProblemError extends Error {
  override name = 'ApiProblemError';
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
  }
}
