import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError, validationFailed } from '../../platform/errors.js';
import { MAX_COUNT, MAX_MINOR_UNITS } from '../../platform/schema.js';
import type { ProductStatus } from './schema.js';

/**
 * The product CSV: one row per variant, product fields repeated on each of its rows. Money in
 * integer minor units, options as `size=M;colour=Red` (`%`, `;` and `=` inside a key or value
 * written as `%25`, `%3B`, `%3D`). Side-effect free, so the rules are unit tested.
 */
export const CSV_COLUMNS = [
  'product_slug',
  'title',
  'description',
  'category_slug',
  'status',
  'sku',
  'variant_title',
  'options',
  'price',
  'compare_at_price',
  'stock',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['product_slug', 'sku', 'price', 'stock'];

export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ImportError {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  field: string;
  message: string;
}

export interface ImportVariant {
  row: number;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: number;
  compareAtPrice: number | null;
  stock: number;
}

/** A product as the file describes it; fields are `undefined` when every row left them empty. */
export interface ImportProduct {
  slug: string;
  firstRow: number;
  title: string | undefined;
  description: string | undefined;
  categorySlug: string | undefined;
  status: ProductStatus | undefined;
  variants: ImportVariant[];
  /** Rows of this product with an error: the product is not written at all. */
  isBad: boolean;
}

// ---------------------------------------------------------------- spreadsheet formulas

// A cell starting with one of these runs as a formula in Excel and LibreOffice. Exports prefix
// it with an apostrophe (which spreadsheets hide), and imports remove that prefix again.
const FORMULA_START = /^[=+\-@\t\r]/;
export const guardFormula = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);
export const unguardFormula = (s: string) =>
  s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;

// ---------------------------------------------------------------- options

const escapeOption = (s: string) =>
  s.replace(/[%;=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const unescapeOption = (s: string) =>
  s.replace(/%(25|3B|3D)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export const formatOptions = (options: Record<string, string>) =>
  Object.entries(options)
    .map(([k, v]) => `${escapeOption(k)}=${escapeOption(v)}`)
    .join(';');

/** `size=M;colour=Red` → `{ size: 'M', colour: 'Red' }`, or an error message. */
export function parseOptions(cell: string): Record<string, string> | string {
  const options: Record<string, string> = {};
  if (cell.trim() === '') return options;
  for (const pair of cell.split(';')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) return `"${pair}" is not name=value`;
    const key = unescapeOption(pair.slice(0, eq).trim());
    const value = unescapeOption(pair.slice(eq + 1).trim());
    if (!key || key.length > 40) return 'an option name must have 1 to 40 characters';
    if (!value || value.length > 80) return 'an option value must have 1 to 80 characters';
    if (key in options) return `the option "${key}" is given twice`;
    options[key] = value;
  }
  if (Object.keys(options).length > 20) return 'at most 20 options';
  return options;
}

// ---------------------------------------------------------------- export

export interface ExportRow {
  product_slug: string;
  title: string;
  description: string;
  category_slug: string;
  status: string;
  sku: string;
  variant_title: string;
  options: Record<string, string>;
  price: number;
  compare_at_price: number | null;
  stock: number;
}

export const csvHeader = () =>
  stringify([CSV_COLUMNS as unknown as string[]], { record_delimiter: 'windows' });

/** CSV lines (CRLF, RFC 4180 quoting) for export rows. */
export function csvLines(rows: readonly ExportRow[]): string {
  return stringify(
    rows.map((r) => [
      r.product_slug,
      guardFormula(r.title),
      guardFormula(r.description),
      r.category_slug,
      r.status,
      guardFormula(r.sku),
      guardFormula(r.variant_title),
      guardFormula(formatOptions(r.options)),
      String(r.price),
      r.compare_at_price === null ? '' : String(r.compare_at_price),
      String(r.stock),
    ]),
    { record_delimiter: 'windows' },
  );
}

// ---------------------------------------------------------------- import

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const STATUSES = new Set<string>(['draft', 'active', 'archived']);

const tooLarge = () =>
  new AppError('payload_too_large', {
    detail: `A file may hold at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows`,
  });
const unsupported = () =>
  new AppError('unsupported_media_type', { detail: 'Send a CSV file (UTF-8 text, comma separated)' });

const CSV_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);

/**
 * Refuses what is not CSV text (415): a declared type that is not a text or CSV type, NUL bytes
 * (every binary format, including spreadsheets) or bytes that are not UTF-8.
 */
export function assertCsvBytes(bytes: Buffer, mimetype: string): string {
  const type = mimetype.split(';')[0]!.trim().toLowerCase();
  if (!CSV_TYPES.has(type)) throw unsupported();
  if (bytes.includes(0)) throw unsupported();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unsupported();
  }
}

/** Parses CSV text into header-keyed records; a bad header or broken quoting answers 400. */
export function parseCsv(text: string): { row: number; cells: Partial<Record<Column, string>> }[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      to: MAX_IMPORT_ROWS + 2,
    });
  } catch (err) {
    throw validationFailed([{ path: 'file', message: (err as Error).message }], 'The file is not valid CSV');
  }
  if (records.length > MAX_IMPORT_ROWS + 1) throw tooLarge();
  const [header, ...data] = records;
  if (!header || data.length === 0) {
    throw validationFailed([{ path: 'file', message: 'a header row and at least one data row are needed' }]);
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const fields = [
    ...names
      .filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n))
      .map((n) => ({ path: 'file', message: `unknown column "${n}"` })),
    ...REQUIRED.filter((c) => !names.includes(c)).map((c) => ({
      path: 'file',
      message: `missing column "${c}"`,
    })),
    ...names
      .filter((n, i) => names.indexOf(n) !== i)
      .map((n) => ({ path: 'file', message: `column "${n}" twice` })),
  ];
  if (fields.length)
    throw validationFailed(fields, `The header must name these columns: ${CSV_COLUMNS.join(', ')}`);
  return data.map((cells, i) => ({
    row: i + 2,
    cells: Object.fromEntries(names.map((n, k) => [n, cells[k] ?? ''])) as Partial<Record<Column, string>>,
  }));
}

/** A whole number of minor units (or stock) in [min, max], or a message. */
function wholeNumber(cell: string, max: number, what: string): number | string {
  const s = cell.trim();
  if (s === '') return 'is required';
  if (/^-\d+$/.test(s)) return 'must not be negative';
  if (!/^\d+$/.test(s)) return `must be a whole number${what}`;
  const n = Number(s);
  return n > max ? 'is too large' : n;
}

/**
 * Checks every row and groups them by product slug (rows of a product need not be adjacent).
 * Product fields come from the product's first row; a later row may leave them empty or repeat
 * them, but not contradict them. Every problem is reported with its row; a product with any bad
 * row is marked `isBad` and must not be written.
 */
export function groupRows(records: ReturnType<typeof parseCsv>): {
  products: ImportProduct[];
  errors: ImportError[];
} {
  const errors: ImportError[] = [];
  const products = new Map<string, ImportProduct>();
  for (const { row, cells } of records) {
    const cell = (c: Column) => unguardFormula(cells[c] ?? '');
    const rowErrors: ImportError[] = [];
    const fail = (field: Column, message: string) => rowErrors.push({ row, field, message });

    const slug = cell('product_slug').trim();
    if (!slug) fail('product_slug', 'is required');
    else if (slug.length > 120 || !SLUG_RE.test(slug))
      fail('product_slug', 'lower-case letters, digits and single dashes');
    const key = slug || `#row-${row}`;
    let product = products.get(key);
    if (!product) {
      product = {
        slug,
        firstRow: row,
        title: undefined,
        description: undefined,
        categorySlug: undefined,
        status: undefined,
        variants: [],
        isBad: false,
      };
      products.set(key, product);
    }

    const productField = <K extends 'title' | 'description' | 'categorySlug' | 'status'>(
      field: Column,
      prop: K,
      value: ImportProduct[K] | undefined,
    ) => {
      if (value === undefined) return;
      if (product[prop] === undefined) product[prop] = value;
      else if (product[prop] !== value)
        fail(field, `differs from row ${product.firstRow} of the same product`);
    };
    const title = cell('title').trim();
    if (title.length > 200) fail('title', 'at most 200 characters');
    else productField('title', 'title', title || undefined);
    const description = cell('description');
    if (description.length > 20_000) fail('description', 'at most 20,000 characters');
    else productField('description', 'description', description || undefined);
    productField('category_slug', 'categorySlug', cell('category_slug').trim() || undefined);
    const status = cell('status').trim().toLowerCase();
    if (status && !STATUSES.has(status)) fail('status', 'must be draft, active or archived');
    else productField('status', 'status', (status || undefined) as ProductStatus | undefined);

    const sku = cell('sku').trim();
    if (!sku) fail('sku', 'is required');
    else if (sku.length > 64) fail('sku', 'at most 64 characters');
    const variantTitle = cell('variant_title').trim();
    if (variantTitle.length > 200) fail('variant_title', 'at most 200 characters');
    const options = parseOptions(cell('options'));
    if (typeof options === 'string') fail('options', options);
    const price = wholeNumber(cell('price'), MAX_MINOR_UNITS, ' of minor units');
    if (typeof price === 'string') fail('price', price);
    const compare =
      cell('compare_at_price').trim() === ''
        ? null
        : wholeNumber(cell('compare_at_price'), MAX_MINOR_UNITS, ' of minor units');
    if (typeof compare === 'string') fail('compare_at_price', compare);
    const stock = wholeNumber(cell('stock'), MAX_COUNT, '');
    if (typeof stock === 'string') fail('stock', stock);

    if (rowErrors.length) {
      product.isBad = true;
      errors.push(...rowErrors);
      continue;
    }
    if (product.variants.length >= 100) {
      product.isBad = true;
      errors.push({ row, field: 'sku', message: 'a product may have at most 100 variants' });
      continue;
    }
    product.variants.push({
      row,
      sku,
      title: variantTitle,
      options: options as Record<string, string>,
      price: price as number,
      compareAtPrice: compare as number | null,
      stock: stock as number,
    });
  }
  return { products: [...products.values()], errors };
}
