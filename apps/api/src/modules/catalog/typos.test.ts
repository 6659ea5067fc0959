import { describe, expect, it } from 'vitest';
import { allowedEdits, editDistance, lengthWindow, tolerantQuery, typoCandidates } from './typos.js';

describe('editDistance (optimal string alignment)', () => {
  it('counts each kind of edit as one', () => {
    expect(editDistance('camera', 'camera')).toBe(0);
    expect(editDistance('camrea', 'camera')).toBe(1); // adjacent swap
    expect(editDistance('headpohnes', 'headphones')).toBe(1);
    expect(editDistance('camra', 'camera')).toBe(1); // deletion
    expect(editDistance('cammera', 'camera')).toBe(1); // insertion
    expect(editDistance('camira', 'camera')).toBe(1); // substitution
    expect(editDistance('acmrea', 'camera')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('does not edit a substring twice (the optimal-string-alignment restriction)', () => {
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('stops early with max + 1 once the distance exceeds max', () => {
    expect(editDistance('refrigerator', 'camera', 2)).toBe(3);
    expect(editDistance('abcdef', 'ghijkl', 1)).toBe(2);
    expect(editDistance('headpohnes', 'headphones', 1)).toBe(1);
  });

  it('counts letters, not UTF-16 units', () => {
    expect(editDistance('café', 'cafe')).toBe(1);
  });
});

describe('typo rule', () => {
  it('allows no edit under 5 letters, one for 5 to 8, two from 9', () => {
    expect([4, 5, 8, 9, 12].map((n) => allowedEdits('x'.repeat(n)))).toEqual([0, 1, 1, 2, 2]);
  });

  it('finds the catalogue words within reach, closest first', () => {
    const vocabulary = ['camera', 'cameras', 'cinema', 'headphones', 'lamp', 'comb'];
    expect(typoCandidates('camrea', vocabulary)).toEqual(['camera']);
    expect(typoCandidates('camra', vocabulary)).toEqual(['camera']);
    expect(typoCandidates('haedpohnes', vocabulary)).toEqual(['headphones']);
    expect(typoCandidates('hadpohnes', vocabulary)).toEqual(['headphones']); // two edits, 9 letters
    expect(typoCandidates('hdpohnes', vocabulary)).toEqual([]); // three edits
    expect(typoCandidates('lmap', vocabulary)).toEqual([]); // too short for an edit
    expect(typoCandidates('camera', vocabulary)).toEqual([]); // a known word stays as typed
  });

  it('rewrites each word of a multi-word query to itself or its candidates', () => {
    const rewrite = tolerantQuery(['wireless', 'headpohnes'], ['wireless', 'headphones']);
    expect(rewrite).toEqual({
      anyCandidate: '(wireless) & (headpohnes | headphones)',
      closest: ['wireless', 'headphones'],
      changed: true,
    });
    expect(tolerantQuery(['lmap'], ['lamp']).changed).toBe(false);
  });

  it('reads only catalogue words of lengths within reach', () => {
    expect(lengthWindow(['camrea', 'tv', 'headpohnes'])).toEqual({ min: 5, max: 12 });
    expect(lengthWindow(['tv', 'lamp'])).toBeNull();
  });
});
