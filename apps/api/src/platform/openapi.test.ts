import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/harness.js';

const t = await buildTestApp({ worker: false });
const document = (await t.app.inject('/api/openapi.json')).json() as {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId?: string; parameters?: { in: string; name: string }[] }>
  >;
};
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);

describe('the served OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by the specification’s own JSON Schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has one template per path: no two paths differ only in a parameter name', () => {
    const byShape = new Map<string, string[]>();
    for (const path of Object.keys(document.paths)) {
      const shape = path.replace(/\{[^}]+\}/g, '{}');
      byShape.set(shape, [...(byShape.get(shape) ?? []), path]);
    }
    const clashes = [...byShape.values()].filter((paths) => paths.length > 1);
    expect(clashes).toEqual([]);
  });

  it('declares every path parameter of every operation, and each operationId once', () => {
    const ids = new Set<string>();
    for (const { path, method, operation } of operations) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared.sort(), `${method} ${path}`).toEqual(names.sort());
      if (!path.startsWith('/api/v1/')) continue;
      expect(operation.operationId, `${method} ${path}`).toBeTruthy();
      expect(ids.has(operation.operationId!), `operationId ${operation.operationId} twice`).toBe(false);
      ids.add(operation.operationId!);
    }
  });
});
