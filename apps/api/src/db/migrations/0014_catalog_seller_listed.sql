DROP INDEX "products_category_price_idx";--> statement-breakpoint
DROP INDEX "products_title_prefix_idx";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "seller_listed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "products_category_price_idx" ON "products" USING btree ("category_id","price_amount","id","in_stock") WHERE "products"."status" = 'active' and "products"."deleted_at" is null and "products"."seller_listed";--> statement-breakpoint
CREATE INDEX "products_title_prefix_idx" ON "products" USING btree (lower("title") text_pattern_ops) WHERE "products"."status" = 'active' and "products"."deleted_at" is null and "products"."seller_listed";--> statement-breakpoint
-- Hand-written (keep when regenerating): products of sellers who may not sell today (not active,
-- deleted, or neither admin nor an approved seller) start unlisted. The same rule as `canSell`
-- in modules/users/rules.ts, which keeps the column from here on (catalogue `setSellerListing`).
UPDATE "products" p SET "seller_listed" = false
  FROM "users" u
 WHERE u."id" = p."seller_id"
   AND NOT (u."status" = 'active' AND u."deleted_at" IS NULL AND (u."role" = 'admin' OR u."seller_status" = 'approved'));
