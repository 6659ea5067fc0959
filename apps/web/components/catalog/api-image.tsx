'use client';
import Image, { type ImageProps } from 'next/image';
import type { ProductImage } from '@/lib/api/types';
import { pickImageUrl } from '@/lib/images';

/**
 * A product image served straight from the API's pre-made thumbnails: the loader maps each
 * width the browser asks for to the nearest thumbnail, so nothing is resized twice.
 */
export function ApiImage({
  image,
  alt,
  ...props
}: Omit<ImageProps, 'src' | 'loader' | 'alt'> & { image: ProductImage; alt: string }) {
  return <Image {...props} alt={alt} src={image.url} loader={({ width }) => pickImageUrl(image, width)} />;
}
