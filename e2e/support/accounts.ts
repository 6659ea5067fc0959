import type { APIRequestContext } from '@playwright/test';
import { codeIn, waitForMail } from './mailbox';

let counter = 0;
export const PASSWORD = 'kibanda-mango-7731';

/** A unique address for one test run. */
export function uniqueEmail(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}@example.com`;
}

/** Registers and verifies an account straight through the API (for flows that start signed out). */
export async function createVerifiedUser(
  request: APIRequestContext,
  stack: { apiUrl: string; dataDir: string },
  overrides: { email?: string; name?: string; username?: string } = {},
) {
  const email = overrides.email ?? uniqueEmail('shopper');
  const since = Date.now();
  const res = await request.post(`${stack.apiUrl}/api/v1/auth/register`, {
    data: { email, password: PASSWORD, name: overrides.name ?? 'Wanjiru Test', username: overrides.username },
  });
  if (res.status() !== 201) throw new Error(`register: ${res.status()} ${await res.text()}`);
  const code = codeIn(await waitForMail(stack.dataDir, email, since));
  const verify = await request.post(`${stack.apiUrl}/api/v1/auth/otp/verify`, {
    data: { email, code, purpose: 'verify_email' },
  });
  if (!verify.ok()) throw new Error(`verify: ${verify.status()} ${await verify.text()}`);
  return { email, password: PASSWORD };
}

export const mainStack = () => ({ apiUrl: process.env.E2E_API_URL!, dataDir: process.env.E2E_DATA_DIR! });
export const shortStack = () => ({
  apiUrl: process.env.E2E_SHORT_API_URL!,
  dataDir: process.env.E2E_SHORT_DATA_DIR!,
  webUrl: process.env.E2E_SHORT_WEB_URL!,
});
