import type { ProductImage } from './api/types';

/** The thumbnail (webp, one of the API's widths) closest above `width`, else the largest, else the original. */
export function pickImageUrl(image: ProductImage, width: number): string {
  const thumbs = [...(image.thumbnails ?? [])].sort((a, b) => a.width - b.width);
  const pick = thumbs.find((t) => t.width >= width) ?? thumbs.at(-1);
  return pick?.url ?? image.url;
}
