// Typo tolerance as search engines define it: how many edits a word may carry, the distance that
// counts them, and the catalogue words a typed word may stand for. Pure functions.

/** Edits a typed word may carry: none under 5 letters, one for 5–8, two for 9 or more. */
export function allowedEdits(word: string): number {
  const n = [...word].length;
  return n >= 9 ? 2 : n >= 5 ? 1 : 0;
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
 * substitutions and swaps of two adjacent letters each count one ("camrea" → "camera" is 1).
 * Stops early and answers `max + 1` once the distance is sure to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  // Three rows of the dynamic-programming table: two back (for swaps), one back, current.
  let twoBack: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, twoBack[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    twoBack = prev;
    prev = row;
  }
  return prev[t.length]!;
}

/** How many catalogue words one typed word may stand for in a search. */
const MAX_CANDIDATES = 8;

/**
 * The catalogue words within the typed word's allowed edits, closest first (then alphabetical),
 * at most 8; none when the word is itself a catalogue word or shorter than 5 letters.
 */
export function typoCandidates(word: string, vocabulary: Iterable<string>): string[] {
  const max = allowedEdits(word);
  if (max === 0) return [];
  const found: { word: string; distance: number }[] = [];
  for (const known of vocabulary) {
    if (known === word) return [];
    const distance = editDistance(word, known, max);
    if (distance <= max) found.push({ word: known, distance });
  }
  found.sort((x, y) => x.distance - y.distance || (x.word < y.word ? -1 : 1));
  return found.slice(0, MAX_CANDIDATES).map((f) => f.word);
}

/** The length window of catalogue words that can be within reach of these typed words. */
export function lengthWindow(words: readonly string[]): { min: number; max: number } | null {
  const reachable = words.filter((w) => allowedEdits(w) > 0);
  if (reachable.length === 0) return null;
  const lengths = reachable.map((w) => [...w].length);
  return {
    min: Math.min(...reachable.map((w, i) => lengths[i]! - allowedEdits(w))),
    max: Math.max(...reachable.map((w, i) => lengths[i]! + allowedEdits(w))),
  };
}

export interface TolerantQuery {
  /** A `to_tsquery` text: every word, OR its candidates, ANDed (`(camrea | camera) & lens`). */
  anyCandidate: string;
  /** The same with only each word's closest candidate: what `correctedQuery` reports. */
  closest: string[];
  /** Whether any word got candidates (otherwise the typo search would find nothing new). */
  changed: boolean;
}

/**
 * The typo-tolerant rewrite of typed words (letters and digits only, so the tsquery text needs
 * no quoting) against the catalogue words within reach.
 */
export function tolerantQuery(words: readonly string[], vocabulary: readonly string[]): TolerantQuery {
  const perWord = words.map((w) => ({ word: w, candidates: typoCandidates(w, vocabulary) }));
  return {
    anyCandidate: perWord.map((p) => `(${[p.word, ...p.candidates].join(' | ')})`).join(' & '),
    closest: perWord.map((p) => p.candidates[0] ?? p.word),
    changed: perWord.some((p) => p.candidates.length > 0),
  };
}
