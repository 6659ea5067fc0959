import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 defaults to argon2id; these are OWASP's minimum parameters.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** argon2id hash of a password. */
export const hashPassword = (password: string) => hash(password, options);

// Verified against when the account is unknown, so both answers take an argon2 verification.
let dummyHash: Promise<string> | undefined;

/**
 * Checks `password` against `passwordHash`; with no hash (unknown account) it verifies against a
 * dummy hash anyway and answers false, so timing does not tell whether the account exists.
 */
export async function checkPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  try {
    const ok = await verify(passwordHash ?? (await dummyHash), password);
    return passwordHash !== undefined && ok;
  } catch {
    return false;
  }
}
