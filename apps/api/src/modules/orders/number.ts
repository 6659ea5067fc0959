import { sql, type SQL } from 'drizzle-orm';

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

/**
 * {@link orderNumber} of a sequence value, in SQL: the digits of `n` five bits at a time, most
 * significant first, padded to 5 symbols with '0' (the alphabet's zero).
 */
export const orderNumberOf = (n: SQL): SQL =>
  sql`(with s as (select ${n}::bigint as n)
        select 'SK-' || repeat('0', greatest(5 - count(*), 0)::int)
                     || string_agg(substr(${alphabet}, ((s.n >> (5 * i)) & 31)::int + 1, 1), '' order by i desc)
          from s, generate_series(0, 12) i
         where i = 0 or (s.n >> (5 * i)) > 0)`;

/**
 * The next order number, drawn from `order_number_seq` inside the insert that uses it (a CTE
 * calling a volatile function is evaluated once).
 */
export const orderNumberSql: SQL = orderNumberOf(sql`nextval('order_number_seq')`);
