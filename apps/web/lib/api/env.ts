import 'server-only';

const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
const trim = (u: string) => u.replace(/\/+$/, '');

/** Where the Next server reaches the API (server side only). */
export const apiUrl = trim(process.env.API_URL ?? 'http://127.0.0.1:4000');

/** The storefront's public origin: canonical URLs, sitemap, Open Graph. */
export const webUrl = trim(
  process.env.PUBLIC_WEB_URL ??
    `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.WEB_PORT ?? process.env.PORT ?? '3000'}`,
);

/** The shared secret the API's revalidation job sends in `x-revalidate-secret`. */
export const revalidateSecret =
  process.env.REVALIDATE_SECRET ?? `rv-${process.env.JWT_SECRET ?? DEV_JWT_SECRET}`;

/** The API's origin as browsers reach it (image URLs). */
export const publicApiUrl = trim(process.env.PUBLIC_API_URL ?? apiUrl);

/**
 * Stripe's publishable key (`pk_live_…`/`pk_test_…`) for the Payment Element, read when the server
 * runs and handed to the pay page as a prop (never a NEXT_PUBLIC_ variable baked into the build).
 * Unset: with live Stripe keys on the API the card method is not offered.
 */
export const stripePublishableKey = process.env.STRIPE_PUBLISHABLE_KEY?.trim() || undefined;
