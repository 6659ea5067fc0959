import { expectAccessible, screenshots, test, expect } from '../support/fixtures';

const api = () => process.env.E2E_API_URL!;

test('the home page shows products from the API', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New arrivals' })).toBeVisible();
  const cards = page.locator('section[aria-labelledby="new-arrivals"] article');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(3);
  await expect(page.getByRole('button', { name: /cart/i })).toHaveCount(0);
  await screenshots(page, 'home');
  await expectAccessible(page);
});

test('searching "heaphones" suggests and finds headphones', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('heaphones');
  const options = page.getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(options.filter({ hasText: /headphone/i }).first()).toBeVisible();
  await box.press('Escape');
  await expect(options.first()).toBeHidden();
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=heaphones/);
  await expect(
    page
      .locator('main article')
      .filter({ hasText: /headphone/i })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/headphones/i);
  await screenshots(page, 'search');
  await expectAccessible(page);
});

test('the suggestion list is keyboard operable', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('headph');
  await expect(page.getByRole('option').first()).toBeVisible();
  await box.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /opt-0/);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/(p|c)\//);
});

test('a category filtered by price and stock, sorted by price, survives a reload', async ({
  page,
  request,
}) => {
  const tree = (await (await request.get(`${api()}/api/v1/categories`)).json()) as {
    items: { slug: string; name: string; productCount: number }[];
  };
  const category = [...tree.items].sort((a, b) => b.productCount - a.productCount)[0]!;
  await page.goto(`/c/${category.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: category.name })).toBeVisible();
  const aside = page.getByRole('complementary', { name: 'Filters' });
  await aside.getByLabel('Minimum price').fill('1');
  await aside.getByLabel('Maximum price').fill('1000000');
  await aside.getByRole('button', { name: 'Apply price' }).click();
  await expect(page).toHaveURL(/maxPrice=1000000/);
  await aside.getByRole('checkbox', { name: 'In stock only' }).click();
  await expect(page).toHaveURL(/inStock=true/);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Price: low to high' });
  await expect(page).toHaveURL(/sort=price/);
  await expect(page).toHaveURL(/minPrice=1/);

  const titles = page.locator('main article h3');
  await expect(titles.first()).toBeVisible();
  const before = await titles.allTextContents();
  const prices = await page.locator('main article p span.font-semibold').allTextContents();
  const amounts = prices.map((p) => Number(p.replace(/[^0-9.]/g, '')));
  expect([...amounts].sort((a, b) => a - b)).toEqual(amounts);

  await page.reload();
  await expect(titles.first()).toBeVisible();
  expect(await titles.allTextContents()).toEqual(before);
  await expect(page.getByRole('checkbox', { name: 'In stock only' }).first()).toBeChecked();
  await screenshots(page, 'category');
  await expectAccessible(page);
});

test('the product listing is accessible and paginates', async ({ page }) => {
  await page.goto('/products');
  await expect(page.locator('main article').first()).toBeVisible();
  await screenshots(page, 'listing');
  await expectAccessible(page);
});

test('switching variants changes the price', async ({ page, request }) => {
  const list = (await (await request.get(`${api()}/api/v1/products?pageSize=100`)).json()) as {
    items: { slug: string }[];
  };
  let slug: string | undefined;
  for (const item of list.items) {
    const detail = (await (await request.get(`${api()}/api/v1/products/${item.slug}`)).json()) as {
      variants: { price: { amount: number } }[];
    };
    if (new Set(detail.variants.map((v) => v.price.amount)).size > 1) {
      slug = item.slug;
      break;
    }
  }
  expect(slug, 'the demo catalogue has a product whose variants differ in price').toBeTruthy();
  await page.goto(`/p/${slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const price = page.getByTestId('price');
  const first = await price.textContent();
  const choices = page.locator('main fieldset button');
  const count = await choices.count();
  let changed = false;
  for (let i = 0; i < count && !changed; i++) {
    await choices.nth(i).click();
    changed = (await price.textContent()) !== first;
  }
  expect(changed).toBe(true);
  await expect(page).toHaveURL(/variant=/);
  const ld = await page.locator('script[type="application/ld+json"]').allTextContents();
  expect(ld.some((s) => s.includes('"@type":"Product"'))).toBe(true);
  expect(ld.some((s) => s.includes('"@type":"BreadcrumbList"'))).toBe(true);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`/p/${slug}$`));
  await screenshots(page, 'product');
  await expectAccessible(page);
});

test('an unknown product answers 404 with a helpful page', async ({ page }) => {
  const response = await page.goto('/p/no-such-product-xyz');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: /couldn’t find/i })).toBeVisible();
});

test('robots.txt and sitemap.xml list the catalogue', async ({ request, baseURL }) => {
  const robots = await request.get(`${baseURL}/robots.txt`);
  expect(await robots.text()).toContain('Sitemap:');
  const sitemap = await request.get(`${baseURL}/sitemap.xml`);
  expect(sitemap.status()).toBe(200);
  expect(await sitemap.text()).toContain('/p/');
});
