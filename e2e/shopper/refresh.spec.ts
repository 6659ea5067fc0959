import { createVerifiedUser, PASSWORD, shortStack } from '../support/accounts';
import { expect, test } from '../support/fixtures';

// This stack's API hands out access tokens that live 4 seconds.
test.use({ baseURL: process.env.E2E_SHORT_WEB_URL });

test('an expired access token is refreshed silently, once, for many concurrent requests', async ({
  page,
  request,
}) => {
  const stack = shortStack();
  const { email } = await createVerifiedUser(request, stack);
  await page.goto('/sign-in');
  await page.getByLabel('Email or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);

  for (let round = 0; round < 3; round++) {
    await page.waitForTimeout(4500);
    // Several requests carrying the same expired token and refresh token at once.
    const answers = await Promise.all(
      ['/account', '/account/security', '/account/addresses', '/account', '/'].map((path) =>
        page.request.get(path, { maxRedirects: 0 }),
      ),
    );
    expect(answers.map((a) => a.status())).toEqual([200, 200, 200, 200, 200]);
    await page.goto('/account/security');
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(page.getByTestId('session')).toHaveCount(1);
  }
});
