ALTER TABLE "refunds" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "result_desc" text;--> statement-breakpoint
CREATE INDEX "refunds_pending_created_idx" ON "refunds" USING btree ("created_at") WHERE "refunds"."status" = 'pending';