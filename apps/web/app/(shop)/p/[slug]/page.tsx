import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Star, Store } from 'lucide-react';
import { Breadcrumb } from '@/components/catalog/breadcrumb';
import { Gallery } from '@/components/catalog/gallery';
import { ProductGrid } from '@/components/catalog/product-card';
import { VariantPicker } from '@/components/catalog/variant-picker';
import { Separator } from '@/components/ui/separator';
import { findProduct, listRelatedProducts } from '@/lib/api/catalog';
import { webUrl } from '@/lib/api/env';
import { pickImageUrl } from '@/lib/images';
import { Suspense } from 'react';
import { ProductGridSkeleton } from '@/components/catalog/skeletons';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const product = await findProduct(slug);
  if (!product) return { title: 'Product not found' };
  const image = product.images[0] ? pickImageUrl(product.images[0], 1200) : product.image;
  const description = (product.seoDescription || product.description || product.title)
    .replace(/\s+/g, ' ')
    .slice(0, 160);
  return {
    title: product.seoTitle || product.title,
    description,
    alternates: { canonical: `/p/${product.slug}` },
    openGraph: {
      type: 'website',
      title: product.title,
      description,
      url: `/p/${product.slug}`,
      images: image ? [{ url: image, alt: product.title }] : undefined,
    },
  };
}

async function Related({ productId }: { productId: string }) {
  const related = await listRelatedProducts(productId);
  if (related.length === 0) return null;
  return (
    <section aria-labelledby="related" className="mt-16">
      <h2 id="related" className="mb-4 text-xl font-bold">
        You may also like
      </h2>
      <ProductGrid products={related.slice(0, 10)} />
    </section>
  );
}

/** JSON in a script tag: `<` is escaped so a product title cannot close the tag. */
function JsonLd({ data }: { data: unknown }) {
  return (
    <script
      type="application/ld+json"
      dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, '\\u003c') }}
    />
  );
}

export default async function ProductPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const product = await findProduct(slug);
  if (!product) notFound();
  const { variant } = await searchParams;
  const crumbs = [
    { name: 'Home', href: '/' },
    ...(product.breadcrumb ?? []).map((c) => ({ name: c.name, href: `/c/${c.slug}` })),
    { name: product.title, href: `/p/${product.slug}` },
  ];
  const images = product.images.length
    ? product.images
    : product.image
      ? [{ url: product.image, alt: product.title, width: 480, height: 480, thumbnails: [] }]
      : [];
  const url = `${webUrl}/p/${product.slug}`;
  const productLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description || undefined,
    image: images.map((i) => pickImageUrl(i, 1200)),
    sku: product.variants[0]?.sku,
    url,
    brand: { '@type': 'Brand', name: product.seller.name },
    ...(product.rating.count > 0
      ? {
          aggregateRating: {
            '@type': 'AggregateRating',
            ratingValue: product.rating.average,
            reviewCount: product.rating.count,
          },
        }
      : {}),
    offers: product.variants.map((v) => ({
      '@type': 'Offer',
      sku: v.sku,
      price: (v.price.amount / 100).toFixed(2),
      priceCurrency: v.price.currency,
      availability: v.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      url,
    })),
  };
  const breadcrumbLd = {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.name,
      item: `${webUrl}${c.href}`,
    })),
  };

  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <JsonLd data={productLd} />
      <JsonLd data={breadcrumbLd} />
      <Breadcrumb items={crumbs} className="mb-4" />
      <div className="grid gap-8 lg:grid-cols-2 lg:gap-12">
        <Gallery images={images} title={product.title} />
        <div className="grid content-start gap-5">
          <div>
            <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{product.title}</h1>
            <p className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
              <span className="flex items-center gap-1">
                <Store aria-hidden className="size-4" /> Sold by {product.seller.name}
              </span>
              {product.rating.count > 0 ? (
                <span className="flex items-center gap-1">
                  <Star aria-hidden className="size-4 fill-amber-400 text-amber-400" />
                  {product.rating.average.toFixed(1)} out of 5 ({product.rating.count} reviews)
                </span>
              ) : (
                <span>No reviews yet</span>
              )}
            </p>
          </div>
          <VariantPicker
            variants={product.variants}
            initialId={typeof variant === 'string' ? variant : undefined}
          />
          <Separator />
          {product.category ? (
            <p className="text-sm">
              Category:{' '}
              <Link className="font-medium text-primary underline" href={`/c/${product.category.slug}`}>
                {product.category.name}
              </Link>
            </p>
          ) : null}
          {product.description ? (
            <section aria-labelledby="description">
              <h2 id="description" className="mb-2 text-lg font-semibold">
                Description
              </h2>
              <div className="whitespace-pre-line text-sm leading-relaxed text-muted-foreground">
                {product.description}
              </div>
            </section>
          ) : null}
        </div>
      </div>
      <Suspense fallback={<ProductGridSkeleton count={5} />}>
        <Related productId={product.id} />
      </Suspense>
    </div>
  );
}
