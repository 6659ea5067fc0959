import type { Schemas } from '@soko/sdk';
import type { CategoryDetail, CategoryNode, ProductImage, ProductSummary, Variant } from './types';

/**
 * Compile-time guard: the generated SDK's answer schemas must fit the catalogue view types this
 * layer hands to pages (the mappers in `catalog.ts` copy them field by field). When the API
 * changes a shape, `npm run gen:sdk` makes this file fail to compile. Account types are the SDK's
 * own (`types.ts`), so they need no check.
 */
type Fits<A, B> = [A] extends [B] ? true : false;
type Assert<T extends true> = T;

export type ContractChecks = [
  Assert<Fits<Schemas['ProductSummary'], ProductSummary>>,
  Assert<Fits<Schemas['ProductImage'], ProductImage>>,
  Assert<Fits<Schemas['ProductVariant'], Variant>>,
  Assert<Fits<Schemas['CategoryNode'], CategoryNode>>,
  Assert<Fits<Schemas['CategoryDetail'], CategoryDetail>>,
];
