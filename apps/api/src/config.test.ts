import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  return '';
};

describe('config', () => {
  it('has working defaults: PGlite in ./.data, KES, Nairobi, 15 min access tokens', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\.data$/);
    expect(c.storeCurrency).toBe('KES');
    expect(c.storeTimezone).toBe('Africa/Nairobi');
    expect(c.accessTokenTtlSeconds).toBe(900);
    expect(c.apiPort).toBe(4000);
    expect(c.publicApiUrl).toBe('http://127.0.0.1:4000');
    expect(c.publicWebUrl).toBe('http://127.0.0.1:3000');
    expect(c.seedDemo).toBe(true);
  });

  it('names each bad variable', () => {
    const problems = problemsOf({
      API_PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      STORE_CURRENCY: 'shillings',
      STORE_TIMEZONE: 'Mars/Olympus',
      RATE_LIMIT_DISABLED: 'maybe',
    });
    for (const name of [
      'API_PORT',
      'DATABASE_URL',
      'STORE_CURRENCY',
      'STORE_TIMEZONE',
      'RATE_LIMIT_DISABLED',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('refuses the default JWT secret in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toContain('JWT_SECRET');
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toBe('');
    expect(problemsOf({ NODE_ENV: 'development', JWT_SECRET: DEV_JWT_SECRET })).toBe('');
  });

  it('refuses a short JWT secret', () => {
    expect(problemsOf({ JWT_SECRET: 'short' })).toContain('JWT_SECRET');
  });

  it('derives public origins from HOST and ports, without a trailing slash', () => {
    const c = loadConfig({ HOST: '0.0.0.0', API_PORT: '8080', PUBLIC_WEB_URL: 'https://shop.example.com/' });
    expect(c.publicApiUrl).toBe('http://localhost:8080');
    expect(c.publicWebUrl).toBe('https://shop.example.com');
  });

  it('treats empty optional URLs as unset', () => {
    const c = loadConfig({ DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.smtpUrl).toBeUndefined();
  });
});
