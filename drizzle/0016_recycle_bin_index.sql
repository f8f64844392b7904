CREATE INDEX "accounts_deleted_idx" ON "accounts" USING btree ("org_id","deleted_at") WHERE "accounts"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "activities_deleted_idx" ON "activities" USING btree ("org_id","deleted_at") WHERE "activities"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_deleted_idx" ON "contacts" USING btree ("org_id","deleted_at") WHERE "contacts"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notes_deleted_idx" ON "notes" USING btree ("org_id","deleted_at") WHERE "notes"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "opportunities_deleted_idx" ON "opportunities" USING btree ("org_id","deleted_at") WHERE "opportunities"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "pipelines_deleted_idx" ON "pipelines" USING btree ("org_id","deleted_at") WHERE "pipelines"."deleted_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "products_deleted_idx" ON "products" USING btree ("org_id","deleted_at") WHERE "products"."deleted_at" IS NOT NULL;