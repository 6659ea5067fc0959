import type { Schemas } from '@soko/sdk';
import type { CategoryDetail, CategoryNode, ProductDetail, ProductSummary, TokenPair, User } from './types';

/**
 * Compile-time guard: the generated SDK's answer schemas must fit the view types this layer
 * hands to pages. When the API changes a shape, `npm run gen:sdk` makes this file fail to compile.
 */
type Fits<A, B> = [A] extends [B] ? true : false;
type Assert<T extends true> = T;

export type ContractChecks = [
  Assert<Fits<Schemas['ProductSummary'], ProductSummary>>,
  Assert<Fits<Schemas['ProductDetail'], ProductDetail>>,
  Assert<Fits<Schemas['CategoryNode'], CategoryNode>>,
  Assert<Fits<Schemas['CategoryDetail'], CategoryDetail>>,
  Assert<Fits<Schemas['User'], User>>,
  Assert<Fits<Schemas['TokenPair'], TokenPair>>,
];
