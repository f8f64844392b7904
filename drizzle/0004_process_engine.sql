CREATE TYPE "public"."funnel_state" AS ENUM('searching', 'in_funnel', 'best');--> statement-breakpoint
CREATE TYPE "public"."stakeholder_attitude" AS ENUM('supporter', 'neutral', 'opponent');--> statement-breakpoint
CREATE TYPE "public"."buying_role" AS ENUM('decision_maker', 'economic_buyer', 'technical_evaluator', 'user', 'coach', 'gatekeeper');--> statement-breakpoint
CREATE TYPE "public"."criterion_kind" AS ENUM('checkbox', 'stakeholder', 'activity', 'field', 'document');--> statement-breakpoint
CREATE TABLE "criterion_completions" (
	"org_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"completed_by" uuid NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	"link" text,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "completions_second_person" CHECK ("criterion_completions"."confirmed_by" IS NULL OR "criterion_completions"."confirmed_by" <> "criterion_completions"."completed_by")
);
--> statement-breakpoint
CREATE TABLE "milestone_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label_en" text NOT NULL,
	"label_zh" text NOT NULL,
	"hint_en" text,
	"hint_zh" text,
	"kind" "criterion_kind" NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"requires_confirmation" boolean DEFAULT false NOT NULL,
	CONSTRAINT "milestone_criteria_org_id_id_key" UNIQUE("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "stage_periods" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"entered_by" uuid,
	"from_stage_id" uuid,
	"reason" text,
	"override" boolean DEFAULT false NOT NULL,
	"unmet_at_entry" jsonb,
	CONSTRAINT "stage_periods_order" CHECK ("stage_periods"."left_at" IS NULL OR "stage_periods"."left_at" >= "stage_periods"."entered_at"),
	CONSTRAINT "stage_periods_override_reason" CHECK (NOT "stage_periods"."override" OR btrim(coalesce("stage_periods"."reason", '')) <> '')
);
--> statement-breakpoint
CREATE TABLE "stakeholders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"role" "buying_role" NOT NULL,
	"attitude" "stakeholder_attitude" DEFAULT 'neutral' NOT NULL,
	"influence" integer DEFAULT 3 NOT NULL,
	"met" boolean DEFAULT false NOT NULL,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "stakeholders_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "stakeholders_influence_range" CHECK ("stakeholders"."influence" BETWEEN 1 AND 5)
);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "buyer_step" integer;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "key_need" text;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "competitor" text;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "buyer_step_en" text;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "buyer_step_zh" text;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "funnel_state" "funnel_state" DEFAULT 'in_funnel' NOT NULL;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "expected_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "guidance_en" text;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "guidance_zh" text;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD COLUMN "tools" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "criterion_completions" ADD CONSTRAINT "completions_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_completions" ADD CONSTRAINT "completions_criterion_fk" FOREIGN KEY ("org_id","criterion_id") REFERENCES "public"."milestone_criteria"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_completions" ADD CONSTRAINT "completions_by_fk" FOREIGN KEY ("org_id","completed_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_completions" ADD CONSTRAINT "completions_confirmed_fk" FOREIGN KEY ("org_id","confirmed_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_criteria" ADD CONSTRAINT "milestone_criteria_stage_fk" FOREIGN KEY ("org_id","pipeline_id","stage_id") REFERENCES "public"."pipeline_stages"("org_id","pipeline_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_periods" ADD CONSTRAINT "stage_periods_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_periods" ADD CONSTRAINT "stage_periods_stage_fk" FOREIGN KEY ("org_id","pipeline_id","stage_id") REFERENCES "public"."pipeline_stages"("org_id","pipeline_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_periods" ADD CONSTRAINT "stage_periods_by_fk" FOREIGN KEY ("org_id","entered_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stakeholders" ADD CONSTRAINT "stakeholders_opportunity_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stakeholders" ADD CONSTRAINT "stakeholders_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "criterion_completions_key" ON "criterion_completions" USING btree ("opportunity_id","criterion_id");--> statement-breakpoint
CREATE INDEX "criterion_completions_org_idx" ON "criterion_completions" USING btree ("org_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "milestone_criteria_stage_idx" ON "milestone_criteria" USING btree ("org_id","stage_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "stage_periods_one_open_key" ON "stage_periods" USING btree ("opportunity_id") WHERE "stage_periods"."left_at" IS NULL;--> statement-breakpoint
CREATE INDEX "stage_periods_opportunity_idx" ON "stage_periods" USING btree ("org_id","opportunity_id","entered_at");--> statement-breakpoint
CREATE INDEX "stage_periods_stage_idx" ON "stage_periods" USING btree ("org_id","pipeline_id","stage_id","entered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stakeholders_role_key" ON "stakeholders" USING btree ("opportunity_id","contact_id","role");--> statement-breakpoint
CREATE INDEX "stakeholders_opportunity_idx" ON "stakeholders" USING btree ("org_id","opportunity_id");--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_buyer_step_positive" CHECK ("opportunities"."buyer_step" IS NULL OR "opportunities"."buyer_step" >= 1);--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_expected_days_range" CHECK ("pipeline_stages"."expected_days" BETWEEN 1 AND 3650);