CREATE TYPE "public"."account_tier" AS ENUM('strategic', 'key', 'growth', 'standard');--> statement-breakpoint
CREATE TYPE "public"."activity_status" AS ENUM('planned', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."activity_type" AS ENUM('visit', 'call', 'meeting', 'demo', 'email', 'task');--> statement-breakpoint
CREATE TYPE "public"."company_size" AS ENUM('1-49', '50-249', '250-999', '1000-4999', '5000+');--> statement-breakpoint
CREATE TYPE "public"."forecast_category" AS ENUM('pipeline', 'best_case', 'commit', 'closed', 'omitted');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('en', 'zh-CN');--> statement-breakpoint
CREATE TYPE "public"."opportunity_status" AS ENUM('open', 'won', 'lost', 'no_decision');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'manager', 'rep', 'presales', 'enablement', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('active', 'deactivated');--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"industry" text,
	"size" "company_size",
	"website" text,
	"parent_id" uuid,
	"tier" "account_tier" DEFAULT 'standard' NOT NULL,
	"owner_id" uuid NOT NULL,
	"external_id" text,
	"name_bigrams" text[] GENERATED ALWAYS AS (winpath_bigrams(name)) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "accounts_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "accounts_not_own_parent" CHECK ("accounts"."parent_id" IS NULL OR "accounts"."parent_id" <> "accounts"."id"),
	CONSTRAINT "accounts_name_not_blank" CHECK (btrim("accounts"."name") <> '')
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"type" "activity_type" NOT NULL,
	"status" "activity_status" DEFAULT 'planned' NOT NULL,
	"subject" text NOT NULL,
	"start_at" timestamp with time zone,
	"duration_minutes" integer,
	"goal" text,
	"outcome" text,
	"notes" text,
	"owner_id" uuid NOT NULL,
	"account_id" uuid,
	"opportunity_id" uuid,
	"external_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "activities_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "activities_duration_range" CHECK ("activities"."duration_minutes" IS NULL OR "activities"."duration_minutes" BETWEEN 0 AND 10080)
);
--> statement-breakpoint
CREATE TABLE "activity_participants" (
	"org_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "activity_participants_activity_id_contact_id_pk" PRIMARY KEY("activity_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"account_id" uuid,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"department" text,
	"email" text,
	"phone" text,
	"external_id" text,
	"name_bigrams" text[] GENERATED ALWAYS AS (winpath_bigrams(name)) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "contacts_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "contacts_name_not_blank" CHECK (btrim("contacts"."name") <> '')
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"body" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"account_id" uuid,
	"contact_id" uuid,
	"opportunity_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "notes_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "notes_body_not_blank" CHECK (btrim("notes"."body") <> ''),
	CONSTRAINT "notes_has_parent" CHECK (num_nonnulls("notes"."account_id", "notes"."contact_id", "notes"."opportunity_id") >= 1)
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"account_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"amount" numeric(16, 2) DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"expected_close_date" date,
	"status" "opportunity_status" DEFAULT 'open' NOT NULL,
	"close_reason" text,
	"closed_at" date,
	"forecast_category" "forecast_category" DEFAULT 'pipeline' NOT NULL,
	"next_step" text,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"external_id" text,
	"name_bigrams" text[] GENERATED ALWAYS AS (winpath_bigrams(name)) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "opportunities_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "opportunities_amount_non_negative" CHECK ("opportunities"."amount" >= 0),
	CONSTRAINT "opportunities_currency_format" CHECK ("opportunities"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "opportunities_closed_consistent" CHECK (("opportunities"."status" = 'open') = ("opportunities"."closed_at" IS NULL)),
	CONSTRAINT "opportunities_name_not_blank" CHECK (btrim("opportunities"."name") <> '')
);
--> statement-breakpoint
CREATE TABLE "opportunity_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"field" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb
);
--> statement-breakpoint
CREATE TABLE "opportunity_line_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" numeric(14, 2) DEFAULT 1 NOT NULL,
	"unit_price" numeric(16, 2) NOT NULL,
	CONSTRAINT "line_items_quantity_positive" CHECK ("opportunity_line_items"."quantity" > 0),
	CONSTRAINT "line_items_price_non_negative" CHECK ("opportunity_line_items"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "opportunity_members" (
	"org_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	CONSTRAINT "opportunity_members_opportunity_id_user_id_pk" PRIMARY KEY("opportunity_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "pipeline_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"probability" integer NOT NULL,
	CONSTRAINT "pipeline_stages_org_pipeline_id_key" UNIQUE("org_id","pipeline_id","id"),
	CONSTRAINT "pipeline_stages_position_key" UNIQUE("pipeline_id","position"),
	CONSTRAINT "pipeline_stages_probability_range" CHECK ("pipeline_stages"."probability" BETWEEN 0 AND 100),
	CONSTRAINT "pipeline_stages_position_positive" CHECK ("pipeline_stages"."position" >= 1)
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "pipelines_org_id_id_key" UNIQUE("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"family" text,
	"list_price" numeric(16, 2) DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"external_id" text,
	"name_bigrams" text[] GENERATED ALWAYS AS (winpath_bigrams(name)) STORED,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "products_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "products_price_non_negative" CHECK ("products"."list_price" >= 0),
	CONSTRAINT "products_currency_format" CHECK ("products"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid,
	"actor_id" uuid,
	"event" text NOT NULL,
	"ip" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"default_currency" text DEFAULT 'CNY' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_format" CHECK ("organizations"."slug" ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
	CONSTRAINT "organizations_currency_format" CHECK ("organizations"."default_currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"manager_id" uuid,
	"parent_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "teams_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "teams_not_own_parent" CHECK ("teams"."parent_id" IS NULL OR "teams"."parent_id" <> "teams"."id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text,
	"name" text NOT NULL,
	"role" "user_role" DEFAULT 'rep' NOT NULL,
	"status" "user_status" DEFAULT 'active' NOT NULL,
	"locale" "locale" DEFAULT 'en' NOT NULL,
	"team_id" uuid,
	"password_hash" text,
	"external_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "users_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "users_email_format" CHECK ("users"."email" IS NULL OR "users"."email" ~ '^[^@\s]+@[^@\s]+$')
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_parent_fk" FOREIGN KEY ("org_id","parent_id") REFERENCES "public"."accounts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."accounts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "participants_activity_fk" FOREIGN KEY ("org_id","activity_id") REFERENCES "public"."activities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "participants_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."accounts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."accounts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."accounts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_stage_fk" FOREIGN KEY ("org_id","pipeline_id","stage_id") REFERENCES "public"."pipeline_stages"("org_id","pipeline_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_history" ADD CONSTRAINT "history_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_line_items" ADD CONSTRAINT "line_items_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_line_items" ADD CONSTRAINT "line_items_product_fk" FOREIGN KEY ("org_id","product_id") REFERENCES "public"."products"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_members" ADD CONSTRAINT "members_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_members" ADD CONSTRAINT "members_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_pipeline_fk" FOREIGN KEY ("org_id","pipeline_id") REFERENCES "public"."pipelines"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_manager_fk" FOREIGN KEY ("org_id","manager_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_fk" FOREIGN KEY ("org_id","parent_id") REFERENCES "public"."teams"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_owner_idx" ON "accounts" USING btree ("org_id","owner_id");--> statement-breakpoint
CREATE INDEX "accounts_parent_idx" ON "accounts" USING btree ("org_id","parent_id");--> statement-breakpoint
CREATE INDEX "accounts_name_sort_idx" ON "accounts" USING btree ("org_id","name","id");--> statement-breakpoint
CREATE INDEX "accounts_name_trgm_idx" ON "accounts" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "accounts_name_bigrams_idx" ON "accounts" USING gin ("name_bigrams");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_org_external_id_key" ON "accounts" USING btree ("org_id","external_id") WHERE "accounts"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "activities_owner_idx" ON "activities" USING btree ("org_id","owner_id","start_at");--> statement-breakpoint
CREATE INDEX "activities_opportunity_idx" ON "activities" USING btree ("org_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "activities_account_idx" ON "activities" USING btree ("org_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_org_external_id_key" ON "activities" USING btree ("org_id","external_id") WHERE "activities"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "participants_contact_idx" ON "activity_participants" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "contacts_account_idx" ON "contacts" USING btree ("org_id","account_id");--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("org_id","owner_id");--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_name_bigrams_idx" ON "contacts" USING gin ("name_bigrams");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_org_external_id_key" ON "contacts" USING btree ("org_id","external_id") WHERE "contacts"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notes_opportunity_idx" ON "notes" USING btree ("org_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "notes_account_idx" ON "notes" USING btree ("org_id","account_id");--> statement-breakpoint
CREATE INDEX "notes_contact_idx" ON "notes" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "opportunities_owner_idx" ON "opportunities" USING btree ("org_id","owner_id","status");--> statement-breakpoint
CREATE INDEX "opportunities_account_idx" ON "opportunities" USING btree ("org_id","account_id");--> statement-breakpoint
CREATE INDEX "opportunities_stage_idx" ON "opportunities" USING btree ("org_id","pipeline_id","stage_id");--> statement-breakpoint
CREATE INDEX "opportunities_close_idx" ON "opportunities" USING btree ("org_id","expected_close_date","id");--> statement-breakpoint
CREATE INDEX "opportunities_created_idx" ON "opportunities" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_name_trgm_idx" ON "opportunities" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "opportunities_name_bigrams_idx" ON "opportunities" USING gin ("name_bigrams");--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_org_external_id_key" ON "opportunities" USING btree ("org_id","external_id") WHERE "opportunities"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "history_opportunity_idx" ON "opportunity_history" USING btree ("org_id","opportunity_id","at");--> statement-breakpoint
CREATE INDEX "line_items_opportunity_idx" ON "opportunity_line_items" USING btree ("org_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "members_user_idx" ON "opportunity_members" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_one_default_key" ON "pipelines" USING btree ("org_id") WHERE "pipelines"."is_default" AND "pipelines"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "products" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_name_bigrams_idx" ON "products" USING gin ("name_bigrams");--> statement-breakpoint
CREATE UNIQUE INDEX "products_org_external_id_key" ON "products" USING btree ("org_id","external_id") WHERE "products"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "audit_log_org_at_idx" ON "audit_log" USING btree ("org_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "teams_parent_idx" ON "teams" USING btree ("org_id","parent_id");--> statement-breakpoint
CREATE INDEX "teams_manager_idx" ON "teams" USING btree ("org_id","manager_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_org_email_key" ON "users" USING btree ("org_id",lower("email")) WHERE "users"."email" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_org_external_id_key" ON "users" USING btree ("org_id","external_id") WHERE "users"."external_id" IS NOT NULL;