import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { createVerifiedUser, mainStack, PASSWORD } from '../support/accounts';
import { expectAccessible, expect, screenshots, test } from '../support/fixtures';

/**
 * The account's order pages as a new shopper uses them. Orders are placed straight through the
 * API (the cart and checkout pages are tested on their own); everything after that happens in the
 * browser: the order list and its filter, an order's lines, payment and history, "Pay now" for an
 * unpaid order, cancelling, and a real 404 for an order that is not the shopper's.
 */

const api = (path: string) => `${mainStack().apiUrl}/api/v1${path}`;

/** A verified shopper and an access token for placing orders through the API. */
async function shopper(request: APIRequestContext, name = 'Njeri Orders') {
  const { email } = await createVerifiedUser(request, mainStack(), { name });
  const login = await request.post(api('/auth/login'), { data: { identifier: email, password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { email, headers: { authorization: `Bearer ${accessToken}` } };
}

type Shopper = Awaited<ReturnType<typeof shopper>>;
interface PlacedOrder {
  id: string;
  number: string;
  status: string;
  paymentStatus: string;
}

/** In-stock variants of the demo catalogue, one per product (with enough stock for a unit). */
async function inStockVariants(request: APIRequestContext, count: number) {
  const list = await request.get(api('/products?inStock=true&pageSize=12&sort=newest'));
  const { items } = (await list.json()) as { items: { slug: string }[] };
  const out: string[] = [];
  for (const { slug } of items) {
    const detail = (await (await request.get(api(`/products/${slug}`))).json()) as {
      variants: { id: string; stock: number }[];
    };
    const variant = detail.variants.find((v) => v.stock >= 3);
    if (variant) out.push(variant.id);
    if (out.length === count) return out;
  }
  throw new Error(`only ${out.length} products in stock`);
}

/** Puts one variant in the cart and places it as an order, as the checkout would. */
async function placeOrder(
  request: APIRequestContext,
  who: Shopper,
  variantId: string,
  paymentMethod: 'cod' | 'mpesa',
  quantity = 2,
): Promise<PlacedOrder> {
  const add = await request.post(api('/cart/items'), {
    headers: who.headers,
    data: { variantId, quantity },
  });
  expect(add.ok(), await add.text()).toBe(true);
  const methods = await request.get(api('/shipping-methods?country=KE'));
  const [method] = ((await methods.json()) as { items: { id: string }[] }).items;
  const placed = await request.post(api('/orders'), {
    headers: { ...who.headers, 'idempotency-key': randomUUID() },
    data: {
      shippingAddress: {
        fullName: 'Njeri Wambui',
        phone: '0712345678',
        line1: 'Moi Avenue 12',
        city: 'Nairobi',
        country: 'KE',
      },
      shippingMethodId: method!.id,
      paymentMethod,
    },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  return (await placed.json()) as PlacedOrder;
}

/** Pays an order with sandbox M-Pesa and waits until the simulator's callback has settled it. */
async function payWithMpesa(request: APIRequestContext, who: Shopper, order: PlacedOrder) {
  const pay = await request.post(api('/payments'), {
    headers: { ...who.headers, 'idempotency-key': randomUUID() },
    data: { orderId: order.id, method: 'mpesa', phone: '0712345678' },
  });
  expect(pay.status(), await pay.text()).toBe(201);
  await expect
    .poll(
      async () =>
        (
          (await (
            await request.get(api(`/orders/${order.id}`), { headers: who.headers })
          ).json()) as PlacedOrder
        ).paymentStatus,
      { timeout: 15_000 },
    )
    .toBe('paid');
}

async function signIn(page: Page, email: string) {
  await page.goto('/sign-in?next=/account/orders');
  await page.getByLabel('Email or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Waits for the page to be at `path`. A regular expression on the whole URL would already match
 * `/sign-in?next=/account/orders`, before the sign-in has gone through.
 */
const expectPath = (page: Page, path: string) => expect(page).toHaveURL((url) => url.pathname === path);

const orderCard = (page: Page, number: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('link', { name: `Order ${number}` }) });

test('a shopper without orders is led from the empty order list to the shop', async ({ page, request }) => {
  // Four axe passes and two full-page screenshots: on a busy 2-core machine that is about 30 s
  // of CPU alone (a timeout there is not a wrong answer).
  test.slow();
  const who = await shopper(request, 'Amani Empty');
  await signIn(page, who.email);
  await expectPath(page, '/account/orders');
  await expect(
    page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name: 'Orders' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'No orders yet' })).toBeVisible();
  await screenshots(page, 'orders-empty');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Start shopping' }).click();
  await expect(page).toHaveURL(/\/products$/);
});

test('order list, a paid M-Pesa order with its payment and history, Pay now, and cancelling a cash-on-delivery order', async ({
  page,
  request,
}) => {
  // Three orders placed through the API, eight axe passes and eight full-page screenshots: up to
  // 105 s on a 2-core machine shared with other builds (the 135 s of test.slow() held, narrowly).
  test.setTimeout(240_000);
  const who = await shopper(request);
  const [codVariant, paidVariant, unpaidVariant] = await inStockVariants(request, 3);
  const cod = await placeOrder(request, who, codVariant!, 'cod');
  const paid = await placeOrder(request, who, paidVariant!, 'mpesa');
  await payWithMpesa(request, who, paid);
  const unpaid = await placeOrder(request, who, unpaidVariant!, 'mpesa');
  expect([cod.status, unpaid.status]).toEqual(['confirmed', 'pending_payment']);

  // The account menu leads to the list: newest first, each with its status and payment badges.
  await page.goto('/sign-in');
  await page.getByLabel('Email or username').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectPath(page, '/account');
  await page.getByRole('button', { name: /Account menu for/ }).click();
  await page.getByRole('menuitem', { name: 'Orders' }).click();
  await expectPath(page, '/account/orders');
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
  const cards = page.getByRole('list', { name: 'Orders' }).getByRole('listitem');
  await expect(cards).toHaveCount(3);
  await expect(cards.first()).toContainText(`Order ${unpaid.number}`);
  await expect(orderCard(page, cod.number)).toContainText('2 items');
  await expect(orderCard(page, cod.number).getByTestId('order-status')).toHaveText('Confirmed');
  await expect(orderCard(page, cod.number).getByTestId('payment-status')).toHaveText('Pay on delivery');
  await expect(orderCard(page, paid.number).getByTestId('order-status')).toHaveText('Paid');
  await expect(orderCard(page, unpaid.number).getByTestId('order-status')).toHaveText('Awaiting payment');
  await expect(orderCard(page, unpaid.number).getByTestId('payment-status')).toHaveText('Not paid');
  await screenshots(page, 'orders-list');
  await expectAccessible(page);

  // The status filter is a link; it keeps only the orders in that status.
  await page.getByRole('link', { name: 'Awaiting payment' }).click();
  await expect(page).toHaveURL(/status=pending_payment/);
  await expect(page.getByRole('list', { name: 'Awaiting payment orders' }).getByRole('listitem')).toHaveCount(
    1,
  );
  await expect(orderCard(page, unpaid.number)).toBeVisible();

  // The unpaid order offers "Pay now", to the checkout's payment step for this order.
  await orderCard(page, unpaid.number).getByRole('link').click();
  await expect(page.getByRole('heading', { name: `Order ${unpaid.number}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pay now' })).toHaveAttribute(
    'href',
    `/checkout/pay/${unpaid.id}`,
  );
  await expect(page.getByTestId('unpaid-notice')).toContainText('Waiting for your payment');

  // The paid M-Pesa order: lines, totals, delivery, the payment and its receipt, the history.
  await page.getByRole('link', { name: 'All orders' }).click();
  await orderCard(page, paid.number).getByRole('link').click();
  await expect(page.getByRole('heading', { name: `Order ${paid.number}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pay now' })).toHaveCount(0);
  await expect(page.getByTestId('order-line')).toHaveCount(1);
  await expect(page.getByTestId('order-line')).toContainText('2 × KES');
  await expect(page.getByTestId('order-totals')).toContainText('Total');
  await expect(page.getByTestId('order-delivery')).toContainText('Moi Avenue 12');
  const payment = page.getByTestId('payment');
  await expect(payment).toHaveCount(1);
  await expect(payment).toContainText('M-Pesa');
  await expect(payment).toContainText('Paid');
  await expect(payment).toContainText('receipt');
  const history = page.getByTestId('order-timeline').getByRole('listitem');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText(/Awaiting payment → ?to Paid/);
  await expect(history.first()).toContainText('automatically');
  await expect(history.first()).toContainText('Paid by M-Pesa');
  await expect(history.last()).toContainText('Placed: Awaiting payment');
  await expect(history.last()).toContainText('by you');
  await screenshots(page, 'order-paid');
  await expectAccessible(page);

  // Cancel the cash-on-delivery order, after confirming in the dialog.
  await page.goto(`/account/orders/${cod.id}`);
  await expect(page.getByRole('heading', { name: `Order ${cod.number}` })).toBeVisible();
  await expect(page.getByTestId('order-payments')).toContainText('in cash when it is delivered');
  await page.getByRole('button', { name: 'Cancel order' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Cancel order ${cod.number}?` });
  await expect(dialog).toContainText('Nothing has been charged');
  await screenshots(page, 'order-cancel-dialog');
  await dialog.getByRole('button', { name: 'Keep order' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('order-status')).toHaveText('Confirmed');
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('order-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('payment-status')).toHaveText('Not charged');
  await expect(page.getByTestId('cancelled-notice')).toContainText('cancelled (by you)');
  await expect(page.getByTestId('cancelled-notice')).toContainText('Its items went back into stock');
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  await expect(page.getByTestId('order-timeline').getByRole('listitem').first()).toContainText(
    /Confirmed → ?to Cancelled/,
  );
  await screenshots(page, 'order-cancelled');
  await expectAccessible(page);

  // The API agrees, and the list shows it too.
  const after = (await (
    await request.get(api(`/orders/${cod.id}`), { headers: who.headers })
  ).json()) as PlacedOrder;
  expect(after.status).toBe('cancelled');
  await page.getByRole('link', { name: 'All orders' }).click();
  await expect(orderCard(page, cod.number).getByTestId('order-status')).toHaveText('Cancelled');
});

test('cancelling a paid order says it is refunded in full; another shopper’s order and a made-up id are 404s', async ({
  page,
  request,
}) => {
  // Two registrations, a sandbox M-Pesa payment (the simulator calls back after 8 s here), two sign-ins.
  test.slow();
  const who = await shopper(request, 'Baraka Refund');
  const [variant] = await inStockVariants(request, 1);
  const order = await placeOrder(request, who, variant!, 'mpesa');
  await payWithMpesa(request, who, order);

  await signIn(page, who.email);
  await expectPath(page, '/account/orders');
  await orderCard(page, order.number).getByRole('link').click();
  await page.getByRole('button', { name: 'Cancel order' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('it will be refunded to you in full');
  await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('payment-status')).toHaveText('Refunded');
  await expect(page.getByTestId('cancelled-notice')).toContainText('you paid in full');
  await expect(page.getByTestId('refund-due')).toBeVisible();
  await screenshots(page, 'order-refunded');

  // Someone else signs in on this browser and tries the same order's address.
  const stranger = await shopper(request, 'Chebet Stranger');
  await page.context().clearCookies();
  await signIn(page, stranger.email);
  await expectPath(page, '/account/orders');
  const theirs = await page.goto(`/account/orders/${order.id}`);
  expect(theirs?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We couldn’t find that order' })).toBeVisible();
  await expect(page.getByText(order.number)).toHaveCount(0);
  const madeUp = await page.goto('/account/orders/not-an-order');
  expect(madeUp?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We couldn’t find that order' })).toBeVisible();
});

test('eleven orders page by ten, newest first', async ({ page, request }) => {
  const who = await shopper(request, 'Dalia Pages');
  const variants = await inStockVariants(request, 4);
  const placed: PlacedOrder[] = [];
  for (let i = 0; i < 11; i++) placed.push(await placeOrder(request, who, variants[i % 4]!, 'cod', 1));

  await signIn(page, who.email);
  await expectPath(page, '/account/orders');
  const cards = page.getByRole('list', { name: 'Orders' }).getByRole('listitem');
  await expect(cards).toHaveCount(10);
  await expect(cards.first()).toContainText(`Order ${placed[10]!.number}`);
  await expect(page.getByText('Page 1 of 2')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Newer orders' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Older orders' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(`Order ${placed[0]!.number}`);
  await expect(page.getByText('Page 2 of 2')).toBeVisible();
  await page.getByRole('link', { name: 'Newer orders' }).click();
  await expect(cards).toHaveCount(10);
});
