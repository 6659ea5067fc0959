import { describe, expect, it } from 'vitest';
import {
  formatOptions,
  groupRows,
  guardFormula,
  parseCsv,
  parseOptions,
  unguardFormula,
} from './csv-format.js';

describe('product CSV format', () => {
  it('options round-trip through size=M;colour=Red, escaping %, ; and =', () => {
    const options = { size: 'M', 'fit;cut': 'a=b;c%d' };
    expect(formatOptions(options)).toBe('size=M;fit%3Bcut=a%3Db%3Bc%25d');
    expect(parseOptions(formatOptions(options))).toEqual(options);
    expect(parseOptions('')).toEqual({});
    expect(parseOptions('size')).toBe('"size" is not name=value');
    expect(parseOptions('size=M;size=L')).toBe('the option "size" is given twice');
  });

  it('formula cells get an apostrophe on export that import removes; other text is untouched', () => {
    for (const s of ['=1+1', '+254 700', '-5', '@SUM(A1)', 'plain', "'quoted"]) {
      expect(unguardFormula(guardFormula(s))).toBe(s);
    }
    expect(guardFormula('=1+1')).toBe("'=1+1");
  });

  it('groups rows by slug even when apart, and flags a later row that contradicts the first', () => {
    const records = parseCsv(
      'product_slug,title,sku,price,stock\r\na,Alpha,A1,100,1\r\nb,Beta,B1,200,2\r\na,,A2,150,0\r\na,Other,A3,1,1\r\n',
    );
    const { products, errors } = groupRows(records);
    expect(products.map((p) => [p.slug, p.variants.map((v) => v.sku), p.isBad])).toEqual([
      ['a', ['A1', 'A2'], true],
      ['b', ['B1'], false],
    ]);
    expect(errors).toEqual([{ row: 5, field: 'title', message: 'differs from row 2 of the same product' }]);
  });
});
