import net from 'node:net';
import { existsSync } from 'node:fs';

/**
 * Tests that need a real server ask here. Under `CI=true` a missing service is a failure (CI
 * always has them); elsewhere the test is skipped with the reason printed.
 */
export function realServices() {
  const isCi = process.env.CI === 'true';
  return {
    postgres: process.env.TEST_DATABASE_URL,
    redis: process.env.TEST_REDIS_URL,
    chromium: existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    isCi,
  };
}

/** Resolves true when something listens on host:port. */
export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * For `describe.skipIf(...)`: skips with a printed reason when `need` is missing outside CI; in CI
 * the missing service throws, failing the run.
 */
export function skipUnless(need: 'postgres' | 'redis', why: string): boolean {
  const s = realServices();
  const present = need === 'postgres' ? Boolean(s.postgres) : Boolean(s.redis);
  if (present) return false;
  const variable = need === 'postgres' ? 'TEST_DATABASE_URL' : 'TEST_REDIS_URL';
  if (s.isCi && process.env.SOKO_EMBEDDED_PASS !== 'true') {
    throw new Error(`${why} needs ${need} (${variable}) and CI=true: it must be there`);
  }
  console.warn(`skipped: ${why} needs a real ${need} server (set ${variable})`);
  return true;
}
