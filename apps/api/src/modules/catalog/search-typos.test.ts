import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/harness.js';
import { seedDemo } from '../../seed.js';
import { allowedEdits } from './typos.js';

const t = await buildTestApp({ worker: false });

/** mulberry32: the same seed gives the same misspellings on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Edit = 'insertion' | 'deletion' | 'substitution' | 'transposition';
const edits: Edit[] = ['insertion', 'deletion', 'substitution', 'transposition'];
const letters = 'abcdefghijklmnopqrstuvwxyz';

/** One edit of `kind` at a random place (a swap only of two different letters). */
function applyEdit(word: string, kind: Edit, random: () => number): string {
  const at = (n: number) => Math.floor(random() * n);
  const letter = (not?: string) => {
    for (;;) {
      const l = letters[at(letters.length)]!;
      if (l !== not) return l;
    }
  };
  switch (kind) {
    case 'insertion': {
      const i = at(word.length + 1);
      return word.slice(0, i) + letter() + word.slice(i);
    }
    case 'deletion': {
      const i = at(word.length);
      return word.slice(0, i) + word.slice(i + 1);
    }
    case 'substitution': {
      const i = at(word.length);
      return word.slice(0, i) + letter(word[i]) + word.slice(i + 1);
    }
    case 'transposition': {
      const pairs = [...word.slice(1)].flatMap((c, i) => (c !== word[i] ? [i] : []));
      if (pairs.length === 0) return applyEdit(word, 'substitution', random);
      const i = pairs[at(pairs.length)]!;
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    }
  }
}

/**
 * The word misspelt with as many edits of `kind` as the rule allows the misspelt word (which is
 * what the shopper types: a 9-letter word with two deletions is a 7-letter query, allowed one),
 * and not itself a catalogue word (a typo that makes another real word is taken as typed). Null
 * when no such misspelling exists (a deletion from a 5-letter word leaves 4 letters: no edit).
 */
function misspell(word: string, kind: Edit, random: () => number, vocabulary: Set<string>): string | null {
  for (let n = allowedEdits(word); n > 0; n--) {
    for (let attempt = 0; attempt < 20; attempt++) {
      let typo = word;
      for (let k = 0; k < n; k++) typo = applyEdit(typo, kind, random);
      if (typo !== word && allowedEdits(typo) >= n && !vocabulary.has(typo)) return typo;
    }
  }
  return null;
}

interface Case {
  kind: Edit;
  length: 'short' | 'long';
  words: 1 | 2;
  typed: string;
  query: string;
  slug: string;
}

describe('typo tolerance on the demo catalogue', () => {
  it('finds the intended product on the first page for at least 95% of misspellings of its title words', async () => {
    await seedDemo(t.platform);
    const products: { slug: string; title: string }[] = [];
    for (let page = 1; ; page++) {
      const res = (await t.app.inject(`/api/v1/products?pageSize=100&page=${page}&sort=newest`)).json();
      products.push(...res.items);
      if (res.items.length < 100) break;
    }
    const wordsOf = (title: string) => title.toLowerCase().match(/\p{L}+/gu) ?? [];
    const vocabulary = new Set(products.flatMap((p) => wordsOf(p.title)));
    products.sort((a, b) => (a.slug < b.slug ? -1 : 1));

    const random = prng(21);
    const cases: Case[] = [];
    products.forEach((product, i) => {
      const words = wordsOf(product.title);
      const eligible = words.filter((w) => allowedEdits(w) > 0);
      const long = eligible.filter((w) => allowedEdits(w) === 2);
      const short = eligible.filter((w) => allowedEdits(w) === 1);
      // alternate long and short words, one- and two-word queries, and the four kinds of edit
      const pool = (i % 2 === 0 && long.length > 0) || short.length === 0 ? long : short;
      if (pool.length === 0) return;
      const word = pool[Math.floor(random() * pool.length)]!;
      const kind = edits[Math.floor(i / 2) % edits.length]!;
      const typo = misspell(word, kind, random, vocabulary);
      if (!typo) return;
      const others = words.filter((w) => w !== word && w.length >= 3);
      const two = Math.floor(i / 8) % 2 === 1 && others.length > 0;
      if (two) {
        const other = others[Math.floor(random() * others.length)]!;
        const otherTypo = misspell(other, kind, random, vocabulary) ?? other;
        cases.push({
          kind,
          length: allowedEdits(word) === 2 ? 'long' : 'short',
          words: 2,
          typed: `${word} ${other}`,
          query: `${typo} ${otherTypo}`,
          slug: product.slug,
        });
      } else {
        const length = allowedEdits(word) === 2 ? 'long' : 'short';
        cases.push({ kind, length, words: 1, typed: word, query: typo, slug: product.slug });
      }
    });

    const firstPage = async (q: string) =>
      (await t.app.inject(`/api/v1/products?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((p: { slug: string }) => p.slug) as string[];
    // Only cases whose correct spelling finds the product on the first page measure typos.
    const measured: Case[] = [];
    const misses: string[] = [];
    for (const c of cases) {
      if (!(await firstPage(c.typed)).includes(c.slug)) continue;
      measured.push(c);
      if (!(await firstPage(c.query)).includes(c.slug)) {
        misses.push(`"${c.query}" (${c.kind}, ${c.length}, for "${c.typed}") missed ${c.slug}`);
      }
    }
    const rate = (measured.length - misses.length) / measured.length;
    console.log(
      `typo search: ${measured.length - misses.length}/${measured.length} found (${(rate * 100).toFixed(1)}%)` +
        `${misses.length ? `; misses:\n  ${misses.join('\n  ')}` : ''}`,
    );
    const covered = new Set(measured.map((c) => `${c.kind}/${c.length}/${c.words}`));
    expect(covered.size).toBe(edits.length * 2 * 2);
    expect(measured.length).toBeGreaterThanOrEqual(100);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('searches "smartpohne" and "wireless headpohnes" as their catalogue words', async () => {
    const phone = (await t.app.inject('/api/v1/products?q=smartpohne')).json();
    expect(phone.correctedQuery).toBe('smartphone');
    expect(phone.items.length).toBeGreaterThan(0);
    for (const item of phone.items) expect(item.title).toMatch(/smartphone/i);

    const headphones = (await t.app.inject('/api/v1/products?q=wireless%20headpohnes')).json();
    expect(headphones.correctedQuery).toBe('wireless headphones');
    expect(headphones.items.length).toBeGreaterThan(0);
    for (const item of headphones.items) expect(item.title).toMatch(/headphones/i);

    const exact = (await t.app.inject('/api/v1/products?q=smartphone')).json();
    expect(exact.correctedQuery).toBeNull();
    expect(exact.total).toBe(phone.total);
  });

  it('allows no edit in words under 5 letters', async () => {
    const res = (await t.app.inject('/api/v1/products?q=rcie')).json();
    expect(res.total).toBe(0);
    expect(res.correctedQuery).toBeNull();
  });
});
