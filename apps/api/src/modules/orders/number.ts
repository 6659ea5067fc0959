const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An order number: `SK-` and the sequence value in Crockford base32 (no I, L, O, U, so it reads
 * aloud and types without confusion), at least 5 symbols. Up to 12 characters covers 32^9 orders.
 */
export function orderNumber(sequence: number): string {
  let n = sequence;
  let out = '';
  do {
    out = alphabet[n % 32]! + out;
    n = Math.floor(n / 32);
  } while (n > 0);
  return `SK-${out.padStart(5, '0')}`;
}
