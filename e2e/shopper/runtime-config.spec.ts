import { expect, test } from '@playwright/test';

// The main and short stacks run the same build of the web app at two URLs (random ports, never the
// ones the build saw), each with its own API. Anything baked in at build time shows up here.
const servers = () => [
  { webUrl: process.env.E2E_WEB_URL!, apiUrl: process.env.E2E_API_URL! },
  { webUrl: process.env.E2E_SHORT_WEB_URL!, apiUrl: process.env.E2E_SHORT_API_URL! },
];

test('robots.txt and the sitemap name the URL each server runs at, not the build’s', async ({ request }) => {
  for (const { webUrl } of servers()) {
    const robots = await request.get(`${webUrl}/robots.txt`);
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toContain(`Sitemap: ${webUrl}/sitemap.xml`);

    const sitemap = await (await request.get(`${webUrl}/sitemap.xml`)).text();
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locations.length).toBeGreaterThan(2);
    expect(locations.filter((url) => !url.startsWith(`${webUrl}/`))).toEqual([]);
  }
});

test('pages link only to the web and API origins the server runs with', async ({ request }) => {
  for (const { webUrl, apiUrl } of servers()) {
    for (const path of ['/', '/offline', '/sign-in', '/robots.txt']) {
      const body = await (await request.get(`${webUrl}${path}`)).text();
      const origins = new Set(
        [...body.matchAll(/https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?/g)].map((m) => m[0]),
      );
      expect(
        [...origins].filter((o) => o !== webUrl && o !== apiUrl),
        `${webUrl}${path}`,
      ).toEqual([]);
    }
  }
});
