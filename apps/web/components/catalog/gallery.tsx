import { preload } from 'react-dom';
import type { ProductImage } from '@/lib/api/types';
import { ApiImage, apiImageProps } from './api-image';
import { GallerySwitcher } from './gallery-switcher';

const mainSizes = '(min-width: 1024px) 40vw, 100vw';

/** The product's images: the first one is the page's LCP element, preloaded with high priority. */
export function Gallery({ images, title }: { images: ProductImage[]; title: string }) {
  const first = images[0];
  if (!first) {
    return (
      <div
        className="grid aspect-square place-items-center rounded-lg bg-muted text-6xl font-bold text-muted-foreground/40"
        aria-hidden
      >
        {title.slice(0, 1)}
      </div>
    );
  }
  const lcp = apiImageProps({ image: first, alt: '', fill: true, sizes: mainSizes });
  preload(lcp.src, { as: 'image', imageSrcSet: lcp.srcSet, imageSizes: lcp.sizes, fetchPriority: 'high' });
  const slides = images.map((image, i) => (
    <ApiImage
      key={image.id ?? image.url}
      image={image}
      alt={image.alt || title}
      fill
      sizes={mainSizes}
      className="object-contain"
      {...(i === 0 ? { fetchPriority: 'high', loading: 'eager' } : { loading: 'lazy' })}
    />
  ));
  if (images.length === 1) {
    return (
      <div
        className="relative aspect-square overflow-hidden rounded-lg border bg-muted"
        data-testid="gallery-main"
      >
        {slides[0]}
      </div>
    );
  }
  const thumbs = images.map((image) => (
    <ApiImage key={image.id ?? image.url} image={image} alt="" fill sizes="80px" className="object-cover" />
  ));
  return <GallerySwitcher slides={slides} thumbs={thumbs} />;
}
