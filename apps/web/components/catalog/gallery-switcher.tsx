'use client';
import { useState, type ReactNode } from 'react';

/**
 * The gallery's only client part: which slide shows. Slides and thumbnails arrive rendered by
 * the server; slides not shown are `hidden`, and their lazy images load when first shown.
 */
export function GallerySwitcher({ slides, thumbs }: { slides: ReactNode[]; thumbs: ReactNode[] }) {
  const [index, setIndex] = useState(0);
  return (
    <div className="grid gap-3">
      <div
        className="relative aspect-square overflow-hidden rounded-lg border bg-muted"
        data-testid="gallery-main"
      >
        {slides.map((slide, i) => (
          <div key={i} hidden={i !== index}>
            {slide}
          </div>
        ))}
      </div>
      {thumbs.length > 1 ? (
        <ul className="flex gap-2 overflow-x-auto" aria-label="Product images">
          {thumbs.map((thumb, i) => (
            <li key={i}>
              <button
                type="button"
                onClick={() => setIndex(i)}
                aria-label={`Show image ${i + 1} of ${thumbs.length}`}
                aria-pressed={i === index}
                className={`relative block size-16 overflow-hidden rounded-md border-2 bg-muted sm:size-20 ${
                  i === index ? 'border-primary' : 'border-transparent'
                }`}
              >
                {thumb}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
