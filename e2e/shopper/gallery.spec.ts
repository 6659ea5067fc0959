import { expect, expectAccessible, test } from '../support/fixtures';

const api = () => `${process.env.E2E_API_URL!}/api/v1`;
type Uploaded = { id: string; thumbnails: { width: number; url: string }[] };

test('the product gallery switches images and asks for the API thumbnails', async ({ page, request }) => {
  const login = await request.post(`${api()}/auth/login`, {
    data: { identifier: 'mama.mboga@demo.soko.local', password: 'Demo1234!' },
  });
  expect(login.ok(), await login.text()).toBe(true);
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const categories = (await (await request.get(`${api()}/categories`)).json()) as { items: { id: string }[] };
  const sku = `GAL-${Date.now().toString(36)}`;
  const created = await request.post(`${api()}/products`, {
    headers: auth,
    data: {
      title: `Gallery lamp ${sku}`,
      description: 'A lamp with two photos.',
      categoryId: categories.items[0]!.id,
      variants: [{ sku, price: 150_000, stock: 3 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const product = (await created.json()) as { id: string; slug: string };
  const demo = (await (await request.get(`${api()}/products?pageSize=20&sort=price`)).json()) as {
    items: { image: string | null }[];
  };
  const photos = demo.items.flatMap((item) => (item.image ? [item.image] : [])).slice(0, 2);
  const images: Uploaded[] = [];
  for (const photo of photos) {
    const bytes = await (await request.get(photo)).body();
    const res = await request.post(`${api()}/products/${product.id}/images`, {
      headers: auth,
      multipart: { file: { name: 'photo.webp', mimeType: 'image/webp', buffer: bytes } },
    });
    expect(res.status(), await res.text()).toBe(201);
    images.push((await res.json()) as Uploaded);
  }
  const [first, second] = images as [Uploaded, Uploaded];
  const thumbUrls = (image: Uploaded) => image.thumbnails.map((t) => t.url);

  const requested: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'image') requested.push(r.url());
  });
  await page.goto(`/p/${product.slug}`);
  const main = page.getByTestId('gallery-main').locator('img:visible');
  await expect(main).toHaveCount(1);
  await expect.poll(() => main.evaluate((img: HTMLImageElement) => img.currentSrc)).not.toBe('');
  expect(thumbUrls(first)).toContain(await main.evaluate((img: HTMLImageElement) => img.currentSrc));
  expect(requested.some((url) => thumbUrls(first).includes(url))).toBe(true);

  const secondThumb = page.getByRole('button', { name: 'Show image 2 of 2' });
  await expect(page.getByRole('button', { name: 'Show image 1 of 2' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await secondThumb.click();
  await expect(secondThumb).toHaveAttribute('aria-pressed', 'true');
  await expect(main).toHaveCount(1);
  await expect
    .poll(() => main.evaluate((img: HTMLImageElement) => img.currentSrc))
    .toMatch(new RegExp(second.id));
  expect(thumbUrls(second)).toContain(await main.evaluate((img: HTMLImageElement) => img.currentSrc));
  await expectAccessible(page);
});
