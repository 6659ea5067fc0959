import { randomUUID } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import {
  headerValueFor,
  hostileStrings,
  resolveSeenIds,
  SeenId,
  valueFor,
  type JsonSchema,
  type Resolver,
} from './values.js';

interface MediaObject {
  schema?: JsonSchema;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, { content?: Record<string, MediaObject> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One operation of the document, as the fuzzer uses it. */
export interface Operation {
  method: string;
  path: string;
  id: string;
  parameters: Parameter[];
  body?: { mediaType: string; schema: JsonSchema; required: boolean };
  responses: OperationObject['responses'];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the REST API in the document: a route added later is fuzzed because it is here. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => {
        const op = item[method]!;
        const [mediaType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
        return {
          method: method.toUpperCase(),
          path,
          id: op.operationId ?? `${method} ${path}`,
          parameters: op.parameters ?? [],
          body: mediaType
            ? { mediaType, schema: media?.schema ?? {}, required: op.requestBody?.required ?? false }
            : undefined,
          responses: op.responses,
        };
      }),
    );
}

/** A request before the ids it refers to are chosen. */
export interface RequestPlan {
  isHostile: boolean;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** Header parameters (lower-case names); undefined leaves the header out. */
  headers: Record<string, string | undefined>;
  body: unknown;
  /** Path segments sent as they are, unencoded (malformed escapes, over-long segments). */
  rawPath: Record<string, string>;
  extraKey: boolean;
  protoKey: boolean;
  wrongContentType: boolean;
  file?: { field: string; filename: string; type: string; bytes: Uint8Array };
}

/** The request as sent, printable. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const rawSegments = ['%E0%A4%A', '%FF%FE', '%', 'x'.repeat(300), '%00', '%C0%AF'];

export function makeResolver(doc: OpenApiDocument): Resolver {
  return {
    ref(ref) {
      const name = ref.replace('#/components/schemas/', '');
      const schema = doc.components?.schemas?.[name];
      if (!schema) throw new Error(`unresolved $ref ${ref}`);
      return schema;
    },
  };
}

const idLike = (name: string) => name === 'id' || /Id$/.test(name);

/** Files for multipart routes: what they take (images, CSV) and what they must refuse. */
export function fileArbitrary(samples: { png: Uint8Array }): fc.Arbitrary<RequestPlan['file']> {
  const csvCell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...hostileStrings.slice(0, 12)),
    fc.nat().map(String),
  );
  const csv = fc
    .array(fc.array(csvCell, { minLength: 11, maxLength: 11 }), { minLength: 0, maxLength: 4 })
    .map((rows) =>
      [
        'product_slug,title,description,category_slug,status,sku,variant_title,options,price,compare_at_price,stock',
        ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')),
      ].join('\r\n'),
    )
    .map((text) => new TextEncoder().encode(text));
  const bytes = fc.oneof(
    { arbitrary: fc.constant(samples.png), weight: 2 },
    { arbitrary: csv, weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 },
  );
  return fc.record({
    field: fc.constantFrom('file', 'file', 'file', 'image', ''),
    filename: fc.constantFrom('upload.png', 'products.csv', 'x', '..\\..\\evil.exe'),
    type: fc.constantFrom(
      'image/png',
      'text/csv',
      'application/octet-stream',
      'text/plain',
      'application/zip',
    ),
    bytes,
  });
}

/** Requests for `op`, from the documented schemas and, when hostile, beyond them. */
export function planArbitrary(
  op: Operation,
  resolver: Resolver,
  samples: { png: Uint8Array },
  mode: 'valid' | 'any' = 'any',
): fc.Arbitrary<RequestPlan> {
  const isHostileArb = mode === 'valid' ? fc.constant(false) : fc.boolean();
  return isHostileArb.chain((isHostile) => {
    const options = { isHostile, resolver };
    const params = (where: 'path' | 'query') =>
      fc.record(
        Object.fromEntries(
          op.parameters
            .filter((p) => p.in === where)
            .map((p) => {
              let value = valueFor(p.schema, options);
              // An empty path segment addresses another route (`/tax-rates/` is the list), so it
              // is not a request to this operation.
              if (where === 'path') value = value.filter((v) => v !== '');
              if (where === 'path' && idLike(p.name)) {
                value = fc.oneof(
                  { arbitrary: fc.nat().map((i) => new SeenId(i)), weight: 3 },
                  { arbitrary: value, weight: 1 },
                );
              }
              return [p.name, p.required ? value : fc.option(value, { nil: undefined })];
            }),
        ),
      );
    const headers = fc.record(
      Object.fromEntries(
        op.parameters
          .filter((p) => p.in === 'header')
          .map((p) => {
            const value = headerValueFor(p.schema, isHostile);
            // Hostile or not documented as required: sometimes the header is left out.
            const mayOmit = isHostile || !p.required;
            return [p.name.toLowerCase(), mayOmit ? fc.option(value, { nil: undefined }) : value];
          }),
      ),
    );
    const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const rawPath: fc.Arbitrary<Record<string, string>> =
      isHostile && pathNames.length
        ? fc
            .option(fc.tuple(fc.constantFrom(...pathNames), fc.constantFrom(...rawSegments)), { freq: 4 })
            .map((o) => (o ? { [o[0]]: o[1] } : {}))
        : fc.constant({});
    const isMultipart = op.body?.mediaType === 'multipart/form-data';
    const body = op.body && !isMultipart ? valueFor(op.body.schema, options) : fc.constant(undefined);
    const flag = (freq: number) =>
      isHostile
        ? fc.boolean().chain((b) => (b ? fc.nat(freq - 1).map((n) => n === 0) : fc.constant(false)))
        : fc.constant(false);
    return fc.record({
      isHostile: fc.constant(isHostile),
      path: params('path'),
      query: params('query'),
      headers,
      body,
      rawPath,
      extraKey: flag(4),
      protoKey: flag(4),
      wrongContentType: flag(10),
      file: isMultipart ? fileArbitrary(samples) : fc.constant(undefined),
    });
  });
}

function multipart(file: NonNullable<RequestPlan['file']>): { payload: Buffer; type: string } {
  const boundary = '----sokofuzz';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
      `Content-Type: ${file.type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(file.bytes), tail]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

const queryValue = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which has no UTF-8 form and makes
 * encodeURIComponent throw) is sent as the bytes a careless client would send: its WTF-8 form.
 */
export function encodeComponent(s: string): string {
  let out = '';
  for (const ch of s) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

/** Turns a plan into the request to send, choosing the ids it refers to from `seenIds`. */
export function buildRequest(
  op: Operation,
  plan: RequestPlan,
  seenIds: readonly string[],
  auth: Record<string, string>,
): SentRequest {
  const resolve = (v: unknown) => resolveSeenIds(v, seenIds, randomUUID);
  const path = resolve(plan.path) as Record<string, unknown>;
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    plan.rawPath[name] !== undefined ? plan.rawPath[name] : encodeComponent(queryValue(path[name])),
  );
  const query: string[] = [];
  for (const [k, v] of Object.entries(resolve(plan.query) as Record<string, unknown>)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v])
      query.push(`${encodeComponent(k)}=${encodeComponent(queryValue(item))}`);
  }
  if (query.length) url += `?${query.join('&')}`;
  const headers: Record<string, string> = { ...auth };
  for (const [name, value] of Object.entries(plan.headers)) if (value !== undefined) headers[name] = value;
  let payload: string | Buffer | undefined;
  if (plan.file) {
    const m = multipart(plan.file);
    payload = m.payload;
    headers['content-type'] = m.type;
  } else if (op.body && (plan.body !== undefined || op.body.required)) {
    let json = JSON.stringify(resolve(plan.body) ?? null);
    const isObject = json.startsWith('{');
    if (isObject && plan.extraKey) json = `{"unexpectedField":1${json === '{}' ? '' : ','}${json.slice(1)}`;
    if (isObject && plan.protoKey)
      json = `{"__proto__":{"isAdmin":true,"role":"admin"}${json === '{}' ? '' : ','}${json.slice(1)}`;
    payload = json;
    headers['content-type'] = plan.wrongContentType ? 'text/plain' : op.body.mediaType;
  }
  return { method: op.method, url, headers, ...(payload !== undefined ? { payload } : {}) };
}

/** Checks answers against the document with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1). */
export function makeAnswerChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  (addFormatsPlugin as unknown as (a: Ajv2020) => void)(ajv);
  const base = 'urn:soko:openapi';
  ajv.addSchema({ $id: base, components: doc.components ?? {} });
  const rebase = (s: unknown): unknown =>
    Array.isArray(s)
      ? s.map(rebase)
      : s && typeof s === 'object'
        ? Object.fromEntries(
            Object.entries(s).map(([k, v]) => [
              k,
              k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${base}${v}` : rebase(v),
            ]),
          )
        : s;
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: JsonSchema) => {
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile(rebase(schema) as object);
      compiled.set(key, v);
    }
    return v;
  };
  const problem = validatorFor('Problem', { $ref: '#/components/schemas/Problem' });

  /** Why the answer breaks the document, or undefined when it keeps to it. */
  return function check(
    op: Operation,
    answer: { statusCode: number; headers: Record<string, unknown>; body: string },
  ): string | undefined {
    const status = answer.statusCode;
    if (status >= 500) return `answered ${status}: nothing a client sends may cause a 5xx`;
    const documented =
      op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
    if (!documented) {
      return `answered ${status}, which the document does not list for ${op.id} (it lists ${Object.keys(op.responses).join(', ')})`;
    }
    const type = String(answer.headers['content-type'] ?? '');
    if (status >= 400) {
      if (!type.startsWith('application/problem+json'))
        return `a ${status} must be application/problem+json, was "${type}"`;
      const body = parseJson(answer.body);
      if (body === undefined) return `a ${status} body is not JSON`;
      if (!problem(body)) return `the ${status} body is not a Problem: ${ajv.errorsText(problem.errors)}`;
      if ((body as { status: number }).status !== status) return `the problem's status is not ${status}`;
      return undefined;
    }
    if (status === 204 || !documented.content) {
      // `send(null)` answers the JSON `null`: no content, as the routes' `z.null()` schemas say.
      const isEmpty = answer.body === '' || answer.body === 'null';
      return isEmpty ? undefined : `a ${status} documented without content answered a body`;
    }
    const [mediaType, media] = Object.entries(documented.content)[0]!;
    if (!type.startsWith(mediaType)) return `answered "${type}" where the document says ${mediaType}`;
    if (!mediaType.endsWith('json') || !media.schema) return undefined;
    const body = parseJson(answer.body);
    if (body === undefined) return `the ${status} body is not JSON`;
    const validate = validatorFor(`${op.id} ${status}`, media.schema);
    if (!validate(body))
      return `the ${status} body does not match the document: ${ajv.errorsText(validate.errors)}`;
    return undefined;
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids in an answer (`id` and `…Id` fields), so later requests can refer to the fuzzer's own objects. */
export function idsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) idsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && idLike(k) && UUID.test(v)) out.push(v);
      else idsIn(v, out);
    }
  }
  return out;
}

/** A failing request, printed so that the route's owner can replay it. */
export function describeFailure(
  reason: string,
  persona: string,
  request: SentRequest,
  answer: { statusCode: number; body: string },
): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const payload =
    request.payload === undefined
      ? ''
      : Buffer.isBuffer(request.payload)
        ? `\n  body: <${request.payload.length} bytes multipart>`
        : `\n  body: ${cut(JSON.stringify(request.payload), 600)}`;
  const headers = Object.entries(request.headers)
    .filter(([k]) => k !== 'authorization')
    .map(([k, v]) => `${k}: ${cut(JSON.stringify(v), 200)}`)
    .join('; ');
  return [
    reason,
    `  as: ${persona}`,
    `  request: ${request.method} ${cut(request.url, 400)}${headers ? `\n  headers: ${headers}` : ''}${payload}`,
    `  answer: ${answer.statusCode} ${cut(answer.body, 600)}`,
  ].join('\n');
}
