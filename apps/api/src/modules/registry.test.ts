import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorStatus } from '../platform/errors.js';
import { modules } from './registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The platform's error factories and the code each raises. */
const factories: Record<string, string> = {
  notFound: 'not_found',
  forbidden: 'forbidden',
  notAuthenticated: 'not_authenticated',
  validationFailed: 'validation_failed',
  serviceUnavailable: 'service_unavailable',
  rateLimited: 'rate_limited',
};

/** The error codes a module's non-test source raises, directly or through a platform factory. */
function codesRaisedBy(moduleName: string): Set<string> {
  const dir = path.join(here, moduleName);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.includes('.test'),
  );
  const codes = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/new AppError\(\s*'([a-z_]+)'/g)) codes.add(m[1]!);
    for (const [name, code] of Object.entries(factories)) {
      if (new RegExp(`\\b${name}\\(`).test(source)) codes.add(code);
    }
  }
  return codes;
}

describe('module declarations', () => {
  it('every module folder with an index.ts is declared once, by name', () => {
    const folders = readdirSync(here, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(here, d.name, 'index.ts')))
      .map((d) => d.name)
      .sort();
    expect(modules.map((m) => m.name).sort()).toEqual(folders);
  });

  it.each(modules.map((m) => [m.name, m] as const))(
    '%s declares every error code it raises, and only codes of API.md',
    (name, mod) => {
      const declared = new Set(mod.errorCodes ?? []);
      for (const code of declared) expect(Object.keys(errorStatus)).toContain(code);
      expect([...codesRaisedBy(name)].filter((c) => !declared.has(c as never)).sort()).toEqual([]);
    },
  );

  it('command names are unique across modules', () => {
    const names = modules.flatMap((m) => Object.keys(m.commands ?? {}));
    expect(new Set(names).size).toBe(names.length);
  });

  it('the demo accounts are seeded before the catalogue that needs their sellers', () => {
    const seeded = modules.filter((m) => m.seed).map((m) => m.name);
    expect(seeded.indexOf('users')).toBeGreaterThanOrEqual(0);
    expect(seeded.indexOf('users')).toBeLessThan(seeded.indexOf('catalog'));
  });
});
