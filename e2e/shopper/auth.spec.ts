import { authenticator } from 'otplib';
import type { Page } from '@playwright/test';
import { createVerifiedUser, mainStack, PASSWORD, uniqueEmail } from '../support/accounts';
import { expectAccessible, expect, screenshots, test } from '../support/fixtures';
import { codeIn, linkIn, waitForMail } from '../support/mailbox';

async function signIn(page: Page, identifier: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('register, get bounced to verification, verify with the mailed code, sign in, see the account', async ({
  page,
}) => {
  // Eight axe passes and eight full-page screenshots on top of the flow: about 30 s of CPU alone
  // on a busy 2-core machine, where 45 s did not always hold it (a timeout, not a wrong answer).
  test.slow();
  const email = uniqueEmail('newbie');
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await screenshots(page, 'register');
  await expectAccessible(page);

  const since = Date.now();
  await page.getByLabel('Full name').fill('Achieng Otieno');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/verify$/);
  await expect(page.getByText(email)).toBeVisible();
  await screenshots(page, 'verify');
  await expectAccessible(page);

  await page.goto('/account/security');
  await expect(page).toHaveURL(/\/verify$/);

  const code = codeIn(await waitForMail(mainStack().dataDir, email, since));
  await page.getByLabel('Verification code').fill('000000' === code ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page.locator('#code-error')).toBeVisible();
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await screenshots(page, 'sign-in');
  await expectAccessible(page);

  await page.getByLabel('Email or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#password-error')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Hello, Achieng' })).toBeVisible();
  await screenshots(page, 'account');
  await expectAccessible(page);

  const cookies = await page.context().cookies();
  const access = cookies.find((c) => c.name === 'soko_at');
  expect(access?.httpOnly).toBe(true);
  expect(access?.sameSite).toBe('Lax');
  expect(await page.evaluate(() => document.cookie)).not.toContain('soko_');
});

test('a seller whose application is pending sees that on the account page', async ({ page }) => {
  const email = uniqueEmail('seller');
  await page.goto('/register?role=seller');
  const since = Date.now();
  await page.getByLabel('Full name').fill('Baraka Seller');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/verify$/);
  await page
    .getByLabel('Verification code')
    .fill(codeIn(await waitForMail(mainStack().dataDir, email, since)));
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId('seller-status')).toContainText('being reviewed');
});

/** The authenticator app's code and the 30 s step it belongs to. */
const totpNow = (secret: string) => ({
  code: authenticator.generate(secret),
  step: Math.floor(Date.now() / 30_000),
});

/** Waits, as a person would, until the app shows a code of a step after `step`; answers it. */
async function nextTotpCode(page: Page, secret: string, step: number) {
  const waitMs = (step + 1) * 30_000 - Date.now();
  if (waitMs > 0) await page.waitForTimeout(waitMs + 100);
  return authenticator.generate(secret);
}

test('two-factor with an authenticator app: turn on, sign out, sign in by username with a TOTP code', async ({
  page,
  request,
}) => {
  // Each code counts once (RFC 6238), so this flow may wait up to 30 s for the app's next code.
  test.slow();
  const username = `totp_${Date.now().toString(36)}`;
  const { email } = await createVerifiedUser(request, mainStack(), { username });
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/account/security');
  await page.getByRole('button', { name: 'Use an authenticator app' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  const enrolment = totpNow(secret);
  await page.getByLabel('6-digit code from the app').fill(enrolment.code);
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('backup-codes').locator('li')).toHaveCount(10);
  await page.getByRole('button', { name: 'I saved them' }).click();
  await expect(page.getByText('On (authenticator app)')).toBeVisible();
  await screenshots(page, 'security');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign out this device' }).click();
  await expect(page).toHaveURL(/\/$/);
  await signIn(page, username, PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
  // The code that turned TOTP on was used once already.
  await page.getByLabel('Authentication code').fill(enrolment.code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page.locator('#code-error')).toBeVisible();
  await page.getByLabel('Authentication code').fill(await nextTotpCode(page, secret, enrolment.step));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test('an unverified account whose code is spent gets a new one by signing in, and verifies with it', async ({
  page,
  request,
}) => {
  test.slow();
  const { apiUrl, dataDir } = mainStack();
  const email = uniqueEmail('late');
  const since = Date.now();
  const res = await request.post(`${apiUrl}/api/v1/auth/register`, {
    data: { email, password: PASSWORD, name: 'Otieno Late' },
  });
  expect(res.status()).toBe(201);
  const first = codeIn(await waitForMail(dataDir, email, since));
  const wrong = first === '000000' ? '111111' : '000000';
  // Five wrong tries lock the mailed code, like an expired one it can no longer verify.
  for (let i = 0; i < 5; i++)
    await request.post(`${apiUrl}/api/v1/auth/otp/verify`, {
      data: { email, code: wrong, purpose: 'verify_email' },
    });

  // The registration mail started the 30 s resend cooldown, which a sign-in respects too
  // (auth.test.ts pins it): sign in once it has passed, as a shopper coming back later would.
  await page.waitForTimeout(Math.max(0, since + 31_000 - Date.now()));
  const signedInAt = Date.now();
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/verify$/);
  await expect(page.getByText(`We sent a 6-digit code to ${email}`)).toBeVisible();
  const mail = await waitForMail(dataDir, email, signedInAt, /\b(?!${first}\b)\d{6}\b/);
  await page.getByLabel('Verification code').fill(codeIn(mail));
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
});

test('forgot password: the mailed link sets a new password that signs in', async ({ page, request }) => {
  const { email } = await createVerifiedUser(request, mainStack());
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  const since = Date.now();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('a reset link is on its way')).toBeVisible();
  const link = new URL(
    linkIn(await waitForMail(mainStack().dataDir, email, since, /reset-password/), '/reset-password?token='),
  );
  await page.goto(`/reset-password${link.search}`);
  const fresh = 'new-kikapu-pass-2291';
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Repeat the new password').fill(fresh);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1/);
  await signIn(page, email, PASSWORD);
  await expect(page.locator('#password-error')).toBeVisible();
  await signIn(page, email, fresh);
  await expect(page).toHaveURL(/\/account$/);
});

test('a forged or stale token cookie signs out cleanly', async ({ page, baseURL }) => {
  await page.context().addCookies([
    { name: 'soko_at', value: 'not.a-real.token', url: baseURL! },
    { name: 'soko_rt', value: 'forged-refresh-token', url: baseURL! },
  ]);
  const home = await page.goto('/');
  expect(home?.status()).toBe(200);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);
  const names = (await page.context().cookies()).map((c) => c.name);
  expect(names).not.toContain('soko_rt');
});

test('the address book adds and deletes an address, with field errors beside the fields', async ({
  page,
  request,
}) => {
  const { email } = await createVerifiedUser(request, mainStack());
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/account/addresses');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.locator('#addr-fullName-error')).toBeVisible();
  await page.getByLabel('Full name').fill('Wanjiru Kamau');
  await page.getByLabel('Phone').fill('0712345678');
  await page.getByLabel('Address', { exact: true }).fill('Moi Avenue 12');
  await page.getByLabel('City or town').fill('Nairobi');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByText('Moi Avenue 12, Nairobi')).toBeVisible();
  await page.getByRole('button', { name: /Delete address Wanjiru Kamau/ }).click();
  await expect(page.getByText('No saved addresses yet')).toBeVisible();
});

test('two-factor by email: sign in with the mailed code', async ({ page, request }) => {
  const { email } = await createVerifiedUser(request, mainStack());
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/account/security');
  await page.getByRole('button', { name: 'Use email codes' }).click();
  await page.getByLabel('Confirm with your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Turn on email codes' }).click();
  await expect(page.getByText('On (email code)')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out this device' }).click();
  await expect(page).toHaveURL(/\/$/);
  const since = Date.now();
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
  const code = codeIn(await waitForMail(mainStack().dataDir, email, since));
  await page.getByLabel('Code from the email').fill(code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
});
