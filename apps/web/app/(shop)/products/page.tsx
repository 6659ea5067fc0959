import type { Metadata } from 'next';
import { Listing } from '@/components/catalog/listing';
import { listCategories } from '@/lib/api/catalog';
import { parseListingParams } from '@/lib/catalog-params';

export const metadata: Metadata = {
  title: 'All products',
  alternates: { canonical: '/products' },
};

export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = parseListingParams(await searchParams);
  const tree = await listCategories();
  return <Listing base="/products" params={params} tree={tree} title="All products" />;
}
