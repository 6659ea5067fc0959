import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/harness.js';

const t = await buildTestApp({ worker: false });

describe('readiness', () => {
  it('/readyz answers 503 with Retry-After when the database is down, /healthz still 200', async () => {
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    await t.platform.jobs.stop();
    await t.platform.database.close();
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable' });
    expect(res.headers['retry-after']).toBeDefined();
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });
});
