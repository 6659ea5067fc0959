// The demo catalogue's numbers: a seeded PRNG (the same seed gives the same shop), believable
// prices, and the variants (sizes, colours) a product of each department gets.
import { COLOURS, type LeafSpec, type RootSpec } from './seed-data.js';

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

/** A believable shilling price: 1,499 rather than 1,437. */
export const shillings = (rng: Rng, min: number, max: number) => {
  const raw = min + rng.next() * (max - min);
  const step = raw < 1_000 ? 50 : raw < 10_000 ? 100 : 1_000;
  return Math.max(step, Math.round(raw / step) * step) - 1;
};

const sizeLabels = (root: RootSpec, leaf: LeafSpec) =>
  leaf.name.startsWith('TV')
    ? ['32"', '43"', '55"']
    : root.name === 'Groceries'
      ? ['500 g', '1 kg', '2 kg']
      : ['100 ml', '250 ml', '500 ml'];

export interface VariantPlan {
  title: string;
  options: Record<string, string>;
  factor: number;
}

export function variantPlans(rng: Rng, root: RootSpec, leaf: LeafSpec): VariantPlan[] {
  switch (leaf.variants) {
    case 'apparel': {
      const colour = rng.pick(COLOURS);
      return ['S', 'M', 'L', 'XL'].map((size) => ({
        title: `${size} / ${colour}`,
        options: { size, colour },
        factor: 1,
      }));
    }
    case 'shoes': {
      const colour = rng.pick(COLOURS);
      const first = rng.int(38, 41);
      return [first, first + 1, first + 2, first + 3].map((n) => ({
        title: `EU ${n} / ${colour}`,
        options: { size: String(n), colour },
        factor: 1,
      }));
    }
    case 'colour': {
      const start = rng.int(0, COLOURS.length - 3);
      return COLOURS.slice(start, start + rng.int(1, 3)).map((colour) => ({
        title: colour,
        options: { colour },
        factor: 1,
      }));
    }
    case 'capacity':
      return ['64 GB', '128 GB', '256 GB']
        .slice(0, rng.int(1, 3))
        .map((storage, k) => ({ title: storage, options: { storage }, factor: 1 + k * 0.25 }));
    case 'size':
      return sizeLabels(root, leaf)
        .slice(0, rng.int(1, 3))
        .map((size, k) => ({ title: size, options: { size }, factor: 1 + k * 0.8 }));
    case 'single':
      return [{ title: 'Default', options: {}, factor: 1 }];
  }
}
