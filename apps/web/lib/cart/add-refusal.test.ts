import { describe, expect, it } from 'vitest';
import { addRefusal } from './add-refusal';

const problem = (code: string, extra: Record<string, unknown> = {}) => ({
  title: 'Refused',
  status: 409,
  code,
  ...extra,
});

describe('what Add to cart says when the API refuses', () => {
  it('out of stock with some left: how many, and what to do', () => {
    expect(addRefusal(problem('out_of_stock', { available: 3 }))).toBe(
      'Only 3 left, and your cart already holds some. Lower the quantity.',
    );
  });

  it('out of stock with none left (or no count): sold out', () => {
    expect(addRefusal(problem('out_of_stock', { available: 0 }))).toBe('This option has just sold out.');
    expect(addRefusal(problem('out_of_stock'))).toBe('This option has just sold out.');
  });

  it("anything else: the shop's sentence for the code, else the API's own words", () => {
    expect(addRefusal(problem('rate_limited', { status: 429 }))).toMatch(/Too many attempts/);
    expect(addRefusal(problem('product_unavailable', { detail: 'This product is no longer sold.' }))).toBe(
      'This product is no longer sold.',
    );
  });
});
