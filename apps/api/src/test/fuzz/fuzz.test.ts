import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../factories.js';
import { buildTestApp } from '../harness.js';
import {
  buildRequest,
  describeFailure,
  idsIn,
  makeAnswerChecker,
  makeResolver,
  operationsOf,
  planArbitrary,
  type OpenApiDocument,
  type Operation,
  type RequestPlan,
} from './operations.js';

/*
 * Fuzzes every operation of the served OpenAPI document as an anonymous visitor, a customer, an
 * approved seller and the admin. Each answer must be a status the document lists for the
 * operation, with a body its schema accepts (problem+json for every 4xx), and never a 5xx.
 *
 * Personas are made fresh for every run (a run is at most one valid request that creates objects,
 * then the request under test), so a run that disables its own admin, deletes its own session or
 * rejects its own seller cannot spoil the runs after it, and nothing needs excluding.
 *
 * FUZZ_RUNS (runs per operation and persona) and FUZZ_SEED replay a failure: `npm run fuzz --
 * --runs N [--seed S]`. FUZZ_OPS (a regular expression over "METHOD /path operationId") fuzzes only
 * the operations it matches, to work on one module. Rate limits are off (RATE_LIMIT_DISABLED);
 * 429 stays documented.
 */

const isEmbedded = !process.env.TEST_DATABASE_URL;
const runs = Number(process.env.FUZZ_RUNS ?? (isEmbedded ? 1 : 2));
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const t = await buildTestApp({ worker: false, env: { RATE_LIMIT_DISABLED: 'true' } });
const doc = (await t.app.inject('/api/openapi.json')).json() as OpenApiDocument;
const only = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : null;
const everyOperation = operationsOf(doc);
const operations = everyOperation.filter((op) => !only || only.test(`${op.method} ${op.path} ${op.id}`));
const resolver = makeResolver(doc);
const check = makeAnswerChecker(doc);
const samples = {
  png: new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
      .png()
      .toBuffer(),
  ),
};
const creators = everyOperation.filter((op) => op.method === 'POST');

/** Ids from every answer so far: the fuzzer's own objects, which later requests refer to. */
const seenIds: string[] = [];
const remember = (ids: string[]) => {
  for (const id of ids) if (!seenIds.includes(id)) seenIds.push(id);
};

// A few objects to start from, made through the API like any other.
const admin0 = await makeUser(t, { role: 'admin' });
const seller0 = await makeUser(t, { role: 'seller' });
const category = await t.app.inject({
  method: 'POST',
  url: '/api/v1/categories',
  headers: admin0.auth,
  payload: { name: 'Fuzzed' },
});
remember(idsIn(category.json()));
const product = await t.app.inject({
  method: 'POST',
  url: '/api/v1/products',
  headers: seller0.auth,
  payload: {
    title: 'Fuzzed thing',
    categoryId: category.json().id,
    variants: [{ sku: 'FZ-1', price: 1000, stock: 3 }],
  },
});
remember(idsIn(product.json()));
remember([admin0.user.id, seller0.user.id]);

type Persona = 'anonymous' | 'customer' | 'seller' | 'admin';
const personas: Persona[] = ['anonymous', 'customer', 'seller', 'admin'];

async function authFor(persona: Persona): Promise<Record<string, string>> {
  if (persona === 'anonymous') return {};
  const made = await makeUser(t, { role: persona });
  remember([made.user.id]);
  return made.auth;
}

const hashOf = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);

interface Step {
  op: Operation;
  plan: RequestPlan;
}

const runArbitrary = (op: Operation) =>
  fc.tuple(
    fc.array(
      fc.nat(creators.length - 1).chain((i) =>
        planArbitrary(creators[i]!, resolver, samples, 'valid').map((plan): Step => ({
          op: creators[i]!,
          plan,
        })),
      ),
      { maxLength: 1 },
    ),
    planArbitrary(op, resolver, samples).map((plan): Step => ({ op, plan })),
  );

async function send(step: Step, persona: Persona, auth: Record<string, string>, own: string[]) {
  const ids = own.length ? [...own, ...seenIds] : seenIds;
  const request = buildRequest(step.op, step.plan, ids, auth);
  const answer = await t.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  const reason = check(step.op, answer);
  if (reason) {
    throw new Error(
      `${step.op.method} ${step.op.path} (${step.op.id}): ${describeFailure(reason, persona, request, answer)}`,
    );
  }
  if (answer.statusCode < 300 && answer.headers['content-type']?.toString().includes('json')) {
    const ids = idsIn(JSON.parse(answer.body));
    own.push(...ids);
    remember(ids);
  }
}

console.info(`fuzz: seed ${seed}, ${runs} run(s) per operation and persona (replay: FUZZ_SEED=${seed})`);

// Operations run a few at a time too (vitest's maxConcurrency): requests mostly wait on the database.
describe.concurrent('fuzzing every operation of the OpenAPI document', () => {
  it('finds operations to fuzz in the document', () => {
    expect(operations.length).toBeGreaterThan(only ? 0 : 10);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.id}) answers only documented statuses and bodies`, async () => {
      // The personas run side by side: a request mostly waits on the database.
      await Promise.all(
        personas.map(async (persona) => {
          const opSeed = (seed ^ hashOf(`${op.id}:${persona}`)) >>> 0;
          await fc.assert(
            fc.asyncProperty(runArbitrary(op), async ([prelude, target]) => {
              const auth = await authFor(persona);
              const own: string[] = [];
              for (const step of [...prelude, target]) await send(step, persona, auth, own);
            }),
            {
              seed: opSeed,
              numRuns: runs,
              endOnFailure: true,
              reporter: (details) => {
                if (!details.failed) return;
                throw new Error(
                  `fuzz failure (FUZZ_SEED=${seed}, as ${persona}, run seed ${opSeed}, path ${details.counterexamplePath}):\n` +
                    `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n` +
                    `replay: npm run fuzz -- --seed ${seed} --runs ${runs}`,
                );
              },
            },
          );
        }),
      );
    });
  }
});
