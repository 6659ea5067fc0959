import fc from 'fast-check';

/** A JSON Schema as the OpenAPI document writes it (the subset zod emits). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

/**
 * A reference to an id the fuzzer has seen in an answer (its own objects), resolved when the
 * request is sent: arbitraries stay pure, so a seed replays the same choices.
 */
export class SeenId {
  constructor(readonly index: number) {}
}

/** Strings that have broken APIs: NUL, lone surrogates, direction overrides, long and odd text. */
export const hostileStrings = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u202d',
  '\ufeff',
  '\u200b\u200d',
  '🥁'.repeat(3),
  'ﷺ'.repeat(40),
  '%00',
  '%E0%A4%A',
  '../../etc/passwd',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '${7*7}',
  ' ',
  '',
  'x'.repeat(10_240),
  '🥁'.repeat(5_000),
  '-1',
  '2147483648',
  '1e309',
  'NaN',
  'null',
  '__proto__',
];

const hostileNumbers = [
  -1,
  0,
  0.5,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  -1e21,
  3_000_000_000,
];

const wrongTypes = [null, true, false, 0, -1, 'text', [], [1, 'a'], {}, { nested: { deeper: [null] } }];

export interface Resolver {
  /** The schema a `$ref` names. */
  ref(ref: string): JsonSchema;
}

const typesOf = (s: JsonSchema): string[] =>
  s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];

function regexString(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  try {
    return fc
      .stringMatching(new RegExp(pattern))
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min);
  } catch {
    return fc.string({ minLength: min, maxLength: max });
  }
}

function validString(s: JsonSchema, seenIds: boolean): fc.Arbitrary<unknown> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, min + 60);
  if (s.format === 'uuid') {
    return seenIds
      ? fc.oneof(
          { arbitrary: fc.nat().map((i) => new SeenId(i)), weight: 3 },
          { arbitrary: fc.uuid(), weight: 1 },
        )
      : fc.uuid();
  }
  if (s.format === 'email') return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.pattern) return regexString(s.pattern, min, max);
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }),
  );
}

function validNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000);
  if (integer) {
    const min = Math.max(Math.ceil(lo), Number.MIN_SAFE_INTEGER);
    const max = Math.min(Math.floor(hi), Number.MAX_SAFE_INTEGER);
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
  }
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** Each documented bound and one step past it. */
function boundaries(s: JsonSchema): unknown[] {
  const out: unknown[] = [];
  const types = typesOf(s);
  if (types.includes('string')) {
    if (s.maxLength !== undefined) out.push('é'.repeat(s.maxLength), '🥁'.repeat(s.maxLength + 1));
    if (s.minLength !== undefined && s.minLength > 0) out.push('x'.repeat(s.minLength - 1));
  }
  if (types.includes('integer') || types.includes('number')) {
    for (const b of [s.minimum, s.maximum]) if (b !== undefined) out.push(b);
    if (s.minimum !== undefined) out.push(s.minimum - 1);
    if (s.maximum !== undefined) out.push(s.maximum + 1);
  }
  if (types.includes('array')) {
    if (s.maxItems !== undefined && s.maxItems <= 200)
      out.push(Array.from({ length: s.maxItems + 1 }, () => null));
    if (s.minItems !== undefined && s.minItems > 0) out.push([]);
  }
  return out;
}

function hostile(s: JsonSchema): fc.Arbitrary<unknown> {
  const bounds = boundaries(s);
  return fc.oneof(
    ...(bounds.length ? [{ arbitrary: fc.constantFrom(...bounds), weight: 3 }] : []),
    { arbitrary: fc.constantFrom(...hostileStrings), weight: 2 },
    { arbitrary: fc.constantFrom(...hostileNumbers), weight: 1 },
    { arbitrary: fc.constantFrom(...wrongTypes), weight: 1 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.nat().map((i) => new SeenId(i)), weight: 1 },
  );
}

/** The bytes a header value can carry (RFC 9110 field-vchar): visible ASCII. */
const visibleAscii = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

/**
 * Header values a client could send and the app must refuse or ignore cleanly. Node reads header
 * bytes as Latin-1, so nothing above U+00FF ever arrives: UTF-8 shows up as its Latin-1 reading.
 * NUL and other control bytes are refused by Node's parser on a real socket; `inject` delivers
 * them anyway, so the app's own guard is tested too.
 */
export const hostileHeaderValues = [
  '',
  ' ',
  '\t',
  'a b',
  'tok1, tok2',
  'caf\u00e9',
  'caf\u00c3\u00a9',
  '\u00ff'.repeat(20),
  '\u0000',
  'a\u0000b',
  '\u0001\u007f',
  'x'.repeat(10_240),
];

/**
 * Values for a header parameter: visible ASCII within the documented bounds (or the documented
 * pattern) when valid; when hostile, also each length bound and one past it, and
 * {@link hostileHeaderValues}.
 */
export function headerValueFor(schema: JsonSchema, isHostile: boolean): fc.Arbitrary<string> {
  const min = Math.max(schema.minLength ?? 1, 1);
  const max = Math.min(schema.maxLength ?? 64, min + 60);
  const valid = schema.pattern
    ? (regexString(schema.pattern, min, max) as fc.Arbitrary<string>)
    : fc.string({ unit: visibleAscii, minLength: min, maxLength: max });
  if (!isHostile) return valid;
  const bounds = [
    ...(schema.maxLength !== undefined
      ? ['x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1)]
      : []),
    ...(schema.minLength !== undefined && schema.minLength > 0 ? ['x'.repeat(schema.minLength - 1)] : []),
  ];
  return fc.oneof(
    { arbitrary: valid, weight: 2 },
    ...(bounds.length ? [{ arbitrary: fc.constantFrom(...bounds), weight: 1 }] : []),
    { arbitrary: fc.constantFrom(...hostileHeaderValues), weight: 2 },
  );
}

export interface ValueOptions {
  /** Replace some values with hostile ones (bounds and one past, NUL, wrong types...). */
  isHostile: boolean;
  resolver: Resolver;
  depth?: number;
}

/** Values for `schema`: valid ones, or (when hostile) valid ones with hostile values mixed in. */
export function valueFor(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  const valid = validFor(schema, options);
  if (!options.isHostile) return valid;
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: hostile(schema), weight: 1 });
}

function validFor(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  const depth = options.depth ?? 0;
  const next = { ...options, depth: depth + 1 };
  if (schema.$ref) return validFor(options.resolver.ref(schema.$ref), options);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valueFor(a, next)));
  if (schema.allOf?.length) return validFor(schema.allOf[0]!, options);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validFor({ ...schema, type }, options)));
  switch (types[0]) {
    case 'string':
      return validString(schema, true);
    case 'integer':
      return validNumber(schema, true);
    case 'number':
      return validNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 3, minLength + 3);
      return fc.array(valueFor(schema.items ?? {}, next), { minLength, maxLength });
    }
    case 'object':
      return objectFor(schema, next);
    default:
      if (schema.properties) return objectFor(schema, next);
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function objectFor(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(properties).map(
    ([key, s]) =>
      [
        key,
        required.has(key) ? valueFor(s, options) : fc.option(valueFor(s, options), { nil: undefined }),
      ] as const,
  );
  const fixed = fc.record(Object.fromEntries(entries));
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object' && (options.depth ?? 0) <= 4) {
    const keys = schema.propertyNames
      ? validFor(schema.propertyNames, options)
      : fc.string({ maxLength: 20 });
    const extra = fc.dictionary(keys as fc.Arbitrary<string>, valueFor(additional, options), { maxKeys: 4 });
    return fc.tuple(fixed, extra).map(([a, b]) => ({ ...b, ...a }));
  }
  return fixed.map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

/** Replaces every {@link SeenId} in `value` with an id from `seen` (or a random UUID when none). */
export function resolveSeenIds(value: unknown, seen: readonly string[], fallback: () => string): unknown {
  if (value instanceof SeenId) return seen.length ? seen[value.index % seen.length] : fallback();
  if (Array.isArray(value)) return value.map((v) => resolveSeenIds(v, seen, fallback));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSeenIds(v, seen, fallback)]));
  }
  return value;
}
