DROP INDEX "products_status_price_idx";--> statement-breakpoint
CREATE INDEX "products_status_price_idx" ON "products" USING btree ("status","price_amount","id") WHERE "products"."deleted_at" is null;