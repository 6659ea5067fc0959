import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { PASSWORD } from './accounts';

/** Signs in through the form (the page may already be on /sign-in?next=…). */
export async function signInWithForm(page: Page, email: string) {
  if (!/\/sign-in/.test(page.url())) await page.goto('/sign-in');
  await page.getByLabel('Email or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * From a listing, opens products in order and adds the first one (after `skip` successes) whose
 * chosen variant is in stock. Returns its title.
 */
export async function addFromListing(page: Page, listingUrl: string, skip = 0) {
  await page.goto(listingUrl);
  const links = page.locator('main article a[href^="/p/"]');
  await expect(links.first()).toBeVisible();
  const hrefs = [...new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!)))];
  let added = 0;
  for (const href of hrefs) {
    await page.goto(href);
    const button = page.getByRole('button', { name: 'Add to cart', exact: true });
    const soldOut = page.getByRole('button', { name: 'Sold out', exact: true });
    await expect(button.or(soldOut)).toBeVisible();
    if (!(await button.isVisible())) continue;
    if (added++ < skip) continue;
    await expect(button).toBeEnabled();
    await button.click();
    await expect(page.getByText('Added to your cart.')).toBeVisible();
    return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  }
  throw new Error(`nothing in stock at ${listingUrl}`);
}

/** The header's cart control (a link when empty, the drawer's button otherwise). */
export const cartControl = (page: Page) => page.locator('header').getByLabel(/^Cart, /);

/** Address step with a new address (saved to the book), then the first delivery option. */
export async function addressAndDelivery(page: Page) {
  await expect(page).toHaveURL(/\/checkout\/address$/);
  await page.getByLabel('Full name').fill('Achieng Otieno');
  await page.getByLabel('Phone', { exact: true }).fill('0712345678');
  await page.getByLabel('Address', { exact: true }).fill('Moi Avenue 12');
  await page.getByLabel('City or town').fill('Nairobi');
  await page.getByRole('button', { name: 'Save and deliver here' }).click();
  await expect(page).toHaveURL(/\/checkout\/shipping$/);
  await expect(page.getByRole('radio').first()).toBeChecked();
}

/** Delivery (default option) and payment choice, landing on the review page. */
export async function deliveryAndPayment(page: Page, method: RegExp, phone?: string) {
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page).toHaveURL(/\/checkout\/payment$/);
  await page.getByRole('radio', { name: method }).check();
  if (phone) await page.getByLabel('M-Pesa phone number').fill(phone);
  await page.getByRole('button', { name: 'Review order' }).click();
  await expect(page).toHaveURL(/\/checkout\/review$/);
  await expect(page.getByTestId('quote-total')).toBeVisible();
}

/** A new verified shopper signed in, with one item in the cart, at the review step paying by `method`. */
export async function readyToPlace(page: Page, email: string, method: RegExp, phone?: string) {
  await signInWithForm(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await addFromListing(page, '/products');
  await page.goto('/checkout');
  await addressAndDelivery(page);
  await deliveryAndPayment(page, method, phone);
}
