import type { MetadataRoute } from 'next';
import { webUrl } from '@/lib/api/env';
import { listCategories, listProducts } from '@/lib/api/catalog';
import type { CategoryNode } from '@/lib/api/types';

export const revalidate = 3600;
export const dynamic = 'force-dynamic';

const MAX_PRODUCT_PAGES = 50;

/** Home, categories and every active product (up to 5,000), read through the tagged catalogue layer. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const entries: MetadataRoute.Sitemap = [
    { url: `${webUrl}/`, changeFrequency: 'daily', priority: 1 },
    { url: `${webUrl}/products`, changeFrequency: 'daily', priority: 0.8 },
  ];
  try {
    const flatten = (nodes: CategoryNode[]): CategoryNode[] =>
      nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
    for (const c of flatten(await listCategories())) {
      entries.push({ url: `${webUrl}/c/${c.slug}`, changeFrequency: 'daily', priority: 0.6 });
    }
    for (let page = 1; page <= MAX_PRODUCT_PAGES; page++) {
      const list = await listProducts({ sort: 'newest', page, pageSize: 100 });
      for (const p of list.items)
        entries.push({ url: `${webUrl}/p/${p.slug}`, changeFrequency: 'weekly', priority: 0.7 });
      if (page >= list.totalPages) break;
    }
  } catch {
    // API unreachable: the static part of the map is still useful.
  }
  return entries;
}
