import type { MetadataRoute } from 'next';
import { webUrl } from '@/lib/api/env';

// Rendered per request: the sitemap's address is the URL this server runs at (PUBLIC_WEB_URL at
// start-up), never the one the build was made with.
export const dynamic = 'force-dynamic';

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
