import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Listing } from '@/components/catalog/listing';
import { Breadcrumb } from '@/components/catalog/breadcrumb';
import { findCategory, listCategories } from '@/lib/api/catalog';
import { parseListingParams } from '@/lib/catalog-params';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const category = await findCategory(slug);
  if (!category) return { title: 'Category not found' };
  return {
    title: category.name,
    description: category.description ?? `Shop ${category.name} from independent sellers on Soko.`,
    alternates: { canonical: `/c/${category.slug}` },
  };
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const [category, tree] = await Promise.all([findCategory(slug), listCategories()]);
  if (!category) notFound();
  const listing = parseListingParams(await searchParams);
  const crumbs = [
    { name: 'Home', href: '/' },
    { name: 'All products', href: '/products' },
    ...(category.breadcrumb ?? [])
      .filter((c) => c.slug !== category.slug)
      .map((c) => ({ name: c.name, href: `/c/${c.slug}` })),
    { name: category.name, href: `/c/${category.slug}` },
  ];
  return (
    <Listing
      base={`/c/${category.slug}`}
      params={{ ...listing, category: undefined }}
      categorySlug={category.slug}
      tree={tree}
      title={category.name}
      intro={<Breadcrumb items={crumbs} className="mb-2" />}
    />
  );
}
