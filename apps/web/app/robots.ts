import type { MetadataRoute } from 'next';
import { webUrl } from '@/lib/api/env';

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [
      {
        userAgent: '*',
        allow: '/',
        disallow: [
          '/account',
          '/seller',
          '/admin',
          '/api/',
          '/search',
          '/verify',
          '/sign-in',
          '/register',
          '/reset-password',
        ],
      },
    ],
    sitemap: `${webUrl}/sitemap.xml`,
  };
}
