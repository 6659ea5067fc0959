import type { Metadata } from 'next';
import Link from 'next/link';
import { Listing } from '@/components/catalog/listing';
import { listCategories } from '@/lib/api/catalog';
import { parseListingParams } from '@/lib/catalog-params';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { q } = parseListingParams(await searchParams);
  return { title: q ? `Search: ${q}` : 'Search', robots: { index: false, follow: true } };
}

export default async function SearchPage({ searchParams }: Props) {
  const params = parseListingParams(await searchParams);
  const tree = await listCategories();
  if (!params.q) {
    return (
      <div className="mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-2xl font-bold">Search the shop</h1>
        <p className="mt-2 text-muted-foreground">
          Type in the search box above, or{' '}
          <Link className="text-primary underline" href="/products">
            browse all products
          </Link>
          .
        </p>
      </div>
    );
  }
  return (
    <Listing
      base="/search"
      params={params}
      tree={tree}
      title={(list) =>
        list.correctedQuery && list.correctedQuery.toLowerCase() !== params.q?.toLowerCase() ? (
          <>
            Results for “{list.correctedQuery}”
            <span className="mt-1 block text-sm font-normal text-muted-foreground">
              No exact matches for “{params.q}”, so these are the results for “{list.correctedQuery}”.
            </span>
          </>
        ) : (
          <>Results for “{params.q}”</>
        )
      }
    />
  );
}
