import type { Problem } from './api/types';

/** The problem a server action answers when the API cannot be reached. */
export const unavailable: Problem = {
  title: 'The shop is unavailable',
  status: 503,
  code: 'service_unavailable',
  detail: 'We could not reach the shop just now. Please try again in a moment.',
};

/** A form that failed its zod schema, as the API's per-field validation problem. */
export function invalid(error: { issues: { path: PropertyKey[]; message: string }[] }): {
  ok: false;
  problem: Problem;
} {
  return {
    ok: false,
    problem: {
      title: 'Check the highlighted fields',
      status: 400,
      code: 'validation_failed',
      errors: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    },
  };
}
