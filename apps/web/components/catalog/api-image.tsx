import { getImageProps, type ImageProps } from 'next/image';
import type { ProductImage } from '@/lib/api/types';
import { pickImageUrl } from '@/lib/images';

type ApiImageProps = Omit<ImageProps, 'src' | 'loader' | 'alt'> & { image: ProductImage; alt: string };

/**
 * A product image served straight from the API's pre-made thumbnails: the loader maps each
 * width the browser asks for to the nearest thumbnail, so nothing is resized twice. Rendered on
 * the server as a plain `<img>` (next/image's `getImageProps`), so it ships no client script.
 */
export function ApiImage({ image, alt, ...props }: ApiImageProps) {
  return <img {...apiImageProps({ image, alt, ...props })} alt={alt} />;
}

/** The `<img>` attributes of `ApiImage`: for a `preload()` of the same `srcSet` and `sizes`. */
export function apiImageProps({ image, alt, ...props }: ApiImageProps) {
  return getImageProps({ ...props, alt, src: image.url, loader: ({ width }) => pickImageUrl(image, width) })
    .props;
}
