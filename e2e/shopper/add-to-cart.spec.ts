import type { APIRequestContext } from '@playwright/test';
import { expect, expectAccessible, screenshots, test } from '../support/fixtures';
import { cartControl } from '../support/shop';

const api = () => process.env.E2E_API_URL!;

type Detail = { slug: string; variants: { id: string; inStock: boolean; stock: number }[] };

/**
 * A product with a variant of 2 to 10 units (the quantity list then offers all of them), taken
 * from the end of the catalogue: the other flows buy from its start, and a sale here would move
 * the count under the test.
 */
async function findVariant(request: APIRequestContext) {
  const list = (await (await request.get(`${api()}/api/v1/products?pageSize=100`)).json()) as {
    items: { slug: string }[];
  };
  for (const { slug } of list.items.reverse()) {
    const detail = (await (await request.get(`${api()}/api/v1/products/${slug}`)).json()) as Detail;
    const variant = detail.variants.find((v) => v.inStock && v.stock >= 2 && v.stock <= 10);
    if (variant) return { slug, variant };
  }
  throw new Error('the demo catalogue has no variant with 2 to 10 units');
}

test('Add to cart adds the chosen quantity and keeps it; one more than the stock is refused, saying why', async ({
  page,
  request,
}) => {
  const { slug, variant } = await findVariant(request);
  await page.goto(`/p/${slug}?variant=${variant.id}`);
  const quantity = page.getByLabel('Quantity');
  const add = page.getByRole('button', { name: 'Add to cart', exact: true });
  await expect(quantity.locator('option')).toHaveCount(variant.stock);

  await quantity.selectOption(String(variant.stock));
  await add.click();
  await expect(page.getByText('Added to your cart.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'View cart' })).toHaveAttribute('href', '/cart');
  await expect(cartControl(page)).toHaveAccessibleName(`Cart, ${variant.stock} items`);
  await expect(quantity).toHaveValue(String(variant.stock));
  await screenshots(page, 'product-added');

  await quantity.selectOption('1');
  await add.click();
  await expect(page.locator('main').getByRole('alert')).toHaveText(
    /^(Only \d+ left, and your cart already holds some\. Lower the quantity\.|This option has just sold out\.)$/,
  );
  await expect(page.getByText('Added to your cart.')).toBeHidden();
  await expect(cartControl(page)).toHaveAccessibleName(`Cart, ${variant.stock} items`);
  await screenshots(page, 'product-refused');
  await expectAccessible(page);
});

test('Add to cart works before the page is hydrated: the form posts to the server action', async ({
  page,
  request,
}) => {
  const { slug, variant } = await findVariant(request);
  // No script file of the app ever loads, so React never hydrates (as on a slow phone before it has).
  await page.route(
    (url) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'),
    (route) => route.abort(),
  );
  await page.goto(`/p/${slug}?variant=${variant.id}`);
  await page.getByLabel('Quantity').selectOption('2');
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await expect(page.getByText('Added to your cart.')).toBeVisible();
  await expect(cartControl(page)).toHaveAccessibleName('Cart, 2 items');
  await expect(page).toHaveURL(new RegExp(`/p/${slug}\\?variant=${variant.id}$`));
});
