'use client';
import { useState } from 'react';
import type { ProductImage } from '@/lib/api/types';
import { cn } from '@/lib/cn';
import { ApiImage } from './api-image';

export function Gallery({ images, title }: { images: ProductImage[]; title: string }) {
  const [index, setIndex] = useState(0);
  const current = images[index];
  if (!current) {
    return (
      <div
        className="grid aspect-square place-items-center rounded-lg bg-muted text-6xl font-bold text-muted-foreground/40"
        aria-hidden
      >
        {title.slice(0, 1)}
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      <div className="relative aspect-square overflow-hidden rounded-lg border bg-muted">
        <ApiImage
          image={current}
          alt={current.alt || title}
          fill
          priority
          sizes="(min-width: 1024px) 40vw, 100vw"
          className="object-contain"
        />
      </div>
      {images.length > 1 ? (
        <ul className="flex gap-2 overflow-x-auto" aria-label="Product images">
          {images.map((image, i) => (
            <li key={image.id ?? image.url}>
              <button
                type="button"
                onClick={() => setIndex(i)}
                aria-label={`Show image ${i + 1} of ${images.length}`}
                aria-pressed={i === index}
                className={cn(
                  'relative block size-16 overflow-hidden rounded-md border-2 bg-muted sm:size-20',
                  i === index ? 'border-primary' : 'border-transparent',
                )}
              >
                <ApiImage image={image} alt="" fill sizes="80px" className="object-cover" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
