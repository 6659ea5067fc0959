import 'server-only';
import { ApiUnavailableError } from './api/transport';
import type { Result } from './api/types';
import { unavailable } from './action-problems';

/** Runs a server action's API work; an unreachable API becomes the friendly 503 problem. */
export async function guarded<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiUnavailableError) return { ok: false, problem: unavailable };
    throw err;
  }
}
