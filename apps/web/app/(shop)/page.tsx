import Link from 'next/link';
import { Suspense } from 'react';
import { ArrowRight, ShieldCheck, Smartphone, Truck } from 'lucide-react';
import { ProductGrid } from '@/components/catalog/product-card';
import { ProductGridSkeleton } from '@/components/catalog/skeletons';
import { Button } from '@/components/ui/button';
import { listCategories, listProducts, type ProductSort } from '@/lib/api/catalog';

// Rendered per request (the header knows who is signed in); the catalogue reads below are cached by tag.
export const dynamic = 'force-dynamic';

async function ProductRow({
  sort,
  fallbackSort,
  priority,
}: {
  sort: ProductSort;
  fallbackSort?: ProductSort;
  priority?: boolean;
}) {
  let list = await listProducts({ sort, pageSize: 10 }).catch((err: unknown) => {
    if (fallbackSort) return null;
    throw err;
  });
  if (!list && fallbackSort) list = await listProducts({ sort: fallbackSort, pageSize: 10 });
  if (!list || list.items.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">No products yet — sellers are stocking the shelves.</p>
    );
  }
  return <ProductGrid products={list.items} priorityCount={priority ? 5 : 0} />;
}

async function FeaturedCategories() {
  const tree = await listCategories();
  const top = tree.slice(0, 8);
  if (top.length === 0) return null;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {top.map((c) => (
        <li key={c.id}>
          <Link
            href={`/c/${c.slug}`}
            className="flex h-full flex-col justify-between rounded-lg border bg-gradient-to-br from-accent to-background p-4 transition-shadow hover:shadow-md"
          >
            <span className="font-semibold">{c.name}</span>
            <span className="mt-3 text-xs text-muted-foreground">
              {c.productCount} {c.productCount === 1 ? 'product' : 'products'}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Section({ title, href, children }: { title: string; href?: string; children: React.ReactNode }) {
  const id = title.toLowerCase().replace(/\s+/g, '-');
  return (
    <section aria-labelledby={id} className="mx-auto mt-12 max-w-7xl px-4">
      <div className="mb-4 flex items-end justify-between gap-4">
        <h2 id={id} className="text-xl font-bold tracking-tight sm:text-2xl">
          {title}
        </h2>
        {href ? (
          <Link
            href={href}
            className="flex items-center gap-1 text-sm font-medium text-primary hover:underline"
          >
            See all <span className="sr-only">{title.toLowerCase()}</span>{' '}
            <ArrowRight aria-hidden className="size-4" />
          </Link>
        ) : null}
      </div>
      {children}
    </section>
  );
}

export default function HomePage() {
  return (
    <>
      <section className="border-b bg-gradient-to-br from-primary/10 via-background to-accent">
        <div className="mx-auto grid max-w-7xl gap-8 px-4 py-12 sm:py-16 md:grid-cols-[1.3fr_1fr] md:items-center">
          <div>
            <p className="text-sm font-semibold uppercase tracking-wide text-primary">
              Independent sellers, one checkout
            </p>
            <h1 className="mt-3 text-4xl font-extrabold tracking-tight text-balance sm:text-5xl">
              Everything you need, from sellers you can trust.
            </h1>
            <p className="mt-4 max-w-xl text-lg text-muted-foreground">
              Electronics, fashion, home and more — pay with M-Pesa, card or cash on delivery.
            </p>
            <div className="mt-6 flex flex-wrap gap-3">
              <Button asChild size="lg">
                <Link href="/products">Shop all products</Link>
              </Button>
              <Button asChild size="lg" variant="outline">
                <Link href="/register?role=seller">Sell on Soko</Link>
              </Button>
            </div>
          </div>
          <ul className="grid gap-3 text-sm">
            {[
              { icon: Smartphone, title: 'Pay your way', text: 'M-Pesa, card or cash on delivery.' },
              { icon: Truck, title: 'Delivered to your door', text: 'Tracked shipping from every seller.' },
              {
                icon: ShieldCheck,
                title: 'Protected accounts',
                text: 'Two-factor sign-in and session control.',
              },
            ].map(({ icon: Icon, title, text }) => (
              <li key={title} className="flex items-start gap-3 rounded-lg border bg-background/80 p-4">
                <Icon aria-hidden className="mt-0.5 size-5 text-primary" />
                <span>
                  <span className="block font-semibold">{title}</span>
                  <span className="text-muted-foreground">{text}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <Section title="Featured categories" href="/products">
        <Suspense fallback={<ProductGridSkeleton count={4} compact />}>
          <FeaturedCategories />
        </Suspense>
      </Section>
      <Section title="Best sellers" href="/products?sort=popular">
        <Suspense fallback={<ProductGridSkeleton count={5} />}>
          <ProductRow sort="popular" fallbackSort="newest" priority />
        </Suspense>
      </Section>
      <Section title="New arrivals" href="/products?sort=newest">
        <Suspense fallback={<ProductGridSkeleton count={5} />}>
          <ProductRow sort="newest" />
        </Suspense>
      </Section>
    </>
  );
}
