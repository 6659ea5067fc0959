import { revalidateTag } from 'next/cache';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { revalidateSecret } from '@/lib/api/env';

const Body = z.object({ tags: z.array(z.string().min(1).max(200)).min(1).max(100) }).strict();

function isSecretValid(given: string | null) {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(revalidateSecret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Called by the API's job after a catalogue write: `POST { tags: ['products', 'product:<slug>'] }`
 * with `x-revalidate-secret`. Tagged pages are rebuilt on their next request.
 */
export async function POST(request: Request) {
  if (!isSecretValid(request.headers.get('x-revalidate-secret'))) {
    return Response.json(
      { code: 'not_authenticated', title: 'Bad or missing x-revalidate-secret', status: 401 },
      { status: 401, headers: { 'content-type': 'application/problem+json' } },
    );
  }
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return Response.json(
      { code: 'validation_failed', title: 'Send { tags: string[] }', status: 400 },
      { status: 400, headers: { 'content-type': 'application/problem+json' } },
    );
  }
  for (const tag of parsed.data.tags) revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: parsed.data.tags, now: Date.now() });
}
