import { suggest } from '@/lib/api/catalog';
import { ApiUnavailableError } from '@/lib/api/transport';

/** The search box's completions, proxied so the browser talks only to the storefront. */
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q')?.slice(0, 100) ?? '';
  try {
    const items = await suggest(q);
    return Response.json({ items }, { headers: { 'cache-control': 'public, max-age=30' } });
  } catch (err) {
    if (err instanceof ApiUnavailableError) return Response.json({ items: [] }, { status: 503 });
    throw err;
  }
}
