import Link from 'next/link';
import { ChevronLeft, ChevronRight, SearchX } from 'lucide-react';
import { listProducts, productSorts, suggest } from '@/lib/api/catalog';
import type { CategoryNode, ProductList } from '@/lib/api/types';
import { listingHref, toProductQuery, type ListingParams } from '@/lib/catalog-params';
import { cn } from '@/lib/cn';
import { ProductGrid } from './product-card';
import { FilterForm, MobileFilters, SortSelect } from './listing-controls';
import { Button } from '@/components/ui/button';

function CategoryTree({
  nodes,
  base,
  params,
  current,
  counts,
  hrefFor,
}: {
  nodes: CategoryNode[];
  base: string;
  params: ListingParams;
  current?: string;
  counts: Map<string, number>;
  hrefFor: (slug: string) => string;
}) {
  return (
    <ul className="grid gap-1 text-sm">
      {nodes.map((node) => {
        const count = counts.get(node.slug);
        const isCurrent = node.slug === current;
        return (
          <li key={node.id}>
            <Link
              href={hrefFor(node.slug)}
              aria-current={isCurrent ? 'page' : undefined}
              className={cn(
                'flex items-center justify-between rounded-md px-2 py-1 hover:bg-accent',
                isCurrent && 'bg-accent font-semibold text-accent-foreground',
              )}
            >
              <span>{node.name}</span>
              {count !== undefined ? <span className="text-xs text-muted-foreground">{count}</span> : null}
            </Link>
            {node.children.length > 0 ? (
              <div className="ml-3 mt-1 border-l pl-2">
                <CategoryTree
                  nodes={node.children}
                  base={base}
                  params={params}
                  current={current}
                  counts={counts}
                  hrefFor={hrefFor}
                />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Pagination({ list, base, params }: { list: ProductList; base: string; params: ListingParams }) {
  if (list.totalPages <= 1) return null;
  const page = list.page;
  const pages = Array.from({ length: list.totalPages }, (_, i) => i + 1).filter(
    (p) => p === 1 || p === list.totalPages || Math.abs(p - page) <= 1,
  );
  return (
    <nav aria-label="Pagination" className="mt-8 flex flex-wrap items-center justify-center gap-1">
      {page > 1 ? (
        <Button asChild variant="outline" size="sm">
          <Link href={listingHref(base, { ...params, page: page - 1 })} rel="prev">
            <ChevronLeft /> Previous
          </Link>
        </Button>
      ) : null}
      {pages.map((p, i) => (
        <span key={p} className="flex items-center">
          {i > 0 && p - (pages[i - 1] ?? p) > 1 ? (
            <span className="px-1 text-muted-foreground">…</span>
          ) : null}
          <Button asChild variant={p === page ? 'default' : 'ghost'} size="sm">
            <Link
              href={listingHref(base, { ...params, page: p })}
              aria-current={p === page ? 'page' : undefined}
              aria-label={`Page ${p}`}
            >
              {p}
            </Link>
          </Button>
        </span>
      ))}
      {page < list.totalPages ? (
        <Button asChild variant="outline" size="sm">
          <Link href={listingHref(base, { ...params, page: page + 1 })} rel="next">
            Next <ChevronRight />
          </Link>
        </Button>
      ) : null}
    </nav>
  );
}

async function EmptyState({
  params,
  base,
  list,
}: {
  params: ListingParams;
  base: string;
  list: ProductList;
}) {
  const hasFilters = Boolean(params.minPrice ?? params.maxPrice ?? params.inStock ?? params.minRating);
  const ideas = params.q ? await suggest(params.q).catch(() => []) : [];
  const didYouMean = list.correctedQuery ?? ideas[0]?.title;
  return (
    <div className="rounded-lg border border-dashed p-10 text-center">
      <SearchX aria-hidden className="mx-auto size-10 text-muted-foreground" />
      <h2 className="mt-3 text-lg font-semibold">
        {params.q ? <>No results for “{params.q}”</> : 'No products match these filters'}
      </h2>
      {didYouMean && didYouMean.toLowerCase() !== params.q?.toLowerCase() ? (
        <p className="mt-2 text-muted-foreground">
          Did you mean{' '}
          <Link
            className="font-semibold text-primary underline"
            href={`/search?q=${encodeURIComponent(didYouMean)}`}
          >
            {didYouMean}
          </Link>
          ?
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap justify-center gap-2">
        {hasFilters ? (
          <Button asChild variant="outline">
            <Link href={listingHref(base, { q: params.q, sort: params.sort, category: params.category })}>
              Clear filters
            </Link>
          </Button>
        ) : null}
        <Button asChild variant="ghost">
          <Link href="/products">Browse all products</Link>
        </Button>
      </div>
    </div>
  );
}

/**
 * The product listing shared by /products, /c/[slug] and /search: filters, facets, sort and
 * pagination all live in the URL, so reload, back and shared links show the same page.
 */
export async function Listing({
  base,
  params,
  categorySlug,
  tree,
  title,
  intro,
}: {
  base: string;
  params: ListingParams;
  categorySlug?: string;
  tree: CategoryNode[];
  title: React.ReactNode | ((list: ProductList) => React.ReactNode);
  intro?: React.ReactNode;
}) {
  const list = await listProducts(toProductQuery(params, categorySlug));
  const counts = new Map(list.facets.categories.map((c) => [c.slug, c.count]));
  const current = categorySlug ?? params.category;
  const hrefFor = (slug: string) =>
    base.startsWith('/c/') || base === '/products'
      ? listingHref(`/c/${slug}`, { ...params, category: undefined, page: undefined })
      : listingHref(base, { ...params, category: slug, page: undefined });
  const activeCount = [params.minPrice ?? params.maxPrice, params.inStock, params.minRating].filter(
    (v) => v !== undefined,
  ).length;
  const sidebar = (idPrefix: string) => (
    <div className="grid gap-8">
      {tree.length > 0 ? (
        <nav aria-label="Categories">
          <p className="mb-2 text-sm font-semibold">Categories</p>
          <CategoryTree
            nodes={tree}
            base={base}
            params={params}
            current={current}
            counts={counts}
            hrefFor={hrefFor}
          />
        </nav>
      ) : null}
      <FilterForm base={base} params={params} priceRange={list.facets.price} idPrefix={idPrefix} />
    </div>
  );
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <div className="mb-4">
        {intro}
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">
          {typeof title === 'function' ? title(list) : title}
        </h1>
        <p className="mt-1 text-sm text-muted-foreground" aria-live="polite">
          {list.total} {list.total === 1 ? 'product' : 'products'}
          {list.totalExact ? '' : ' (about)'}
        </p>
      </div>
      <div className="grid gap-8 lg:grid-cols-[16rem_1fr]">
        <aside className="hidden lg:block" aria-label="Filters">
          {sidebar('f')}
        </aside>
        <div>
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <MobileFilters activeCount={activeCount}>{sidebar('mf')}</MobileFilters>
            <div className="ml-auto">
              <SortSelect base={base} params={params} sorts={productSorts} />
            </div>
          </div>
          {list.items.length === 0 ? (
            <EmptyState params={params} base={base} list={list} />
          ) : (
            <>
              <ProductGrid products={list.items} priorityCount={4} />
              <Pagination list={list} base={base} params={params} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}
