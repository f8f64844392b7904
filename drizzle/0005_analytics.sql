CREATE TABLE "analytics_cycle_summary" (
	"org_id" uuid NOT NULL,
	"closed_month" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"product_id" uuid,
	"cycle_days" integer NOT NULL,
	"won" integer NOT NULL,
	CONSTRAINT "analytics_cycle_summary_key" UNIQUE NULLS NOT DISTINCT("org_id","closed_month","owner_id","pipeline_id","product_id","cycle_days")
);
--> statement-breakpoint
CREATE TABLE "analytics_deals" (
	"opportunity_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"status" "opportunity_status" NOT NULL,
	"forecast_category" "forecast_category" NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"created_month" date NOT NULL,
	"closed_month" date,
	"close_month" date,
	"cycle_days" integer,
	"products" uuid[] NOT NULL,
	"stage_ids" uuid[] NOT NULL,
	"stage_pipeline_ids" uuid[] NOT NULL,
	"stage_entered" integer[] NOT NULL,
	"stage_stays" integer[] NOT NULL,
	"stage_ms" bigint[] NOT NULL,
	"stage_open" integer[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_open_summary" (
	"org_id" uuid NOT NULL,
	"close_month" date,
	"owner_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"forecast_category" "forecast_category" NOT NULL,
	"deals" integer NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	CONSTRAINT "analytics_open_summary_key" UNIQUE NULLS NOT DISTINCT("org_id","close_month","owner_id","pipeline_id","stage_id","forecast_category")
);
--> statement-breakpoint
CREATE TABLE "analytics_outcome_summary" (
	"org_id" uuid NOT NULL,
	"closed_month" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"product_id" uuid,
	"won" integer NOT NULL,
	"lost" integer NOT NULL,
	"no_decision" integer NOT NULL,
	"won_amount" numeric(20, 2) NOT NULL,
	"lost_amount" numeric(20, 2) NOT NULL,
	"no_decision_amount" numeric(20, 2) NOT NULL,
	"won_cycle_days" bigint NOT NULL,
	CONSTRAINT "analytics_outcome_summary_key" UNIQUE NULLS NOT DISTINCT("org_id","closed_month","owner_id","pipeline_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_pipeline_order" (
	"pipeline_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"stage_ids" uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_stage_summary" (
	"org_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"cohort_month" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"reached" integer NOT NULL,
	"reached_won" integer NOT NULL,
	"reached_closed" integer NOT NULL,
	"entered" integer NOT NULL,
	"stays" integer NOT NULL,
	"stay_ms" bigint NOT NULL,
	"open_stays" integer NOT NULL,
	CONSTRAINT "analytics_stage_summary_org_id_pipeline_id_cohort_month_owner_id_stage_id_pk" PRIMARY KEY("org_id","pipeline_id","cohort_month","owner_id","stage_id")
);
--> statement-breakpoint
CREATE TABLE "forecast_snapshots" (
	"org_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"period" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"deals" integer NOT NULL,
	"pipeline" numeric(20, 2) NOT NULL,
	"best_case" numeric(20, 2) NOT NULL,
	"commit" numeric(20, 2) NOT NULL,
	"closed" numeric(20, 2) NOT NULL,
	"weighted" numeric(20, 2) NOT NULL,
	"historical" numeric(20, 2) NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "forecast_snapshots_org_id_week_start_period_owner_id_pk" PRIMARY KEY("org_id","week_start","period","owner_id")
);
--> statement-breakpoint
CREATE TABLE "forecast_submissions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"period" text NOT NULL,
	"user_id" uuid,
	"team_id" uuid,
	"submitted_by" uuid NOT NULL,
	"system_amount" numeric(20, 2) NOT NULL,
	"adjustment" numeric(20, 2) NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_submissions_one_subject" CHECK (num_nonnulls("forecast_submissions"."user_id", "forecast_submissions"."team_id") = 1),
	CONSTRAINT "forecast_submissions_period_format" CHECK ("forecast_submissions"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$')
);
--> statement-breakpoint
CREATE TABLE "quotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"team_id" uuid,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_batch" uuid,
	CONSTRAINT "quotas_org_id_id_key" UNIQUE("org_id","id"),
	CONSTRAINT "quotas_one_subject" CHECK (num_nonnulls("quotas"."user_id", "quotas"."team_id") = 1),
	CONSTRAINT "quotas_period_order" CHECK ("quotas"."period_end" >= "quotas"."period_start"),
	CONSTRAINT "quotas_amount_non_negative" CHECK ("quotas"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "analytics_cycle_summary" ADD CONSTRAINT "analytics_cycle_summary_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_deals" ADD CONSTRAINT "analytics_deals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_open_summary" ADD CONSTRAINT "analytics_open_summary_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_outcome_summary" ADD CONSTRAINT "analytics_outcome_summary_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_pipeline_order" ADD CONSTRAINT "analytics_pipeline_order_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_stage_summary" ADD CONSTRAINT "analytics_stage_summary_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_snapshots" ADD CONSTRAINT "forecast_snapshots_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_submissions" ADD CONSTRAINT "forecast_submissions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_submissions" ADD CONSTRAINT "forecast_submissions_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_submissions" ADD CONSTRAINT "forecast_submissions_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_submissions" ADD CONSTRAINT "forecast_submissions_by_fk" FOREIGN KEY ("org_id","submitted_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_deals_org_owner_idx" ON "analytics_deals" USING btree ("org_id","owner_id");--> statement-breakpoint
CREATE INDEX "forecast_snapshots_period_idx" ON "forecast_snapshots" USING btree ("org_id","period","week_start");--> statement-breakpoint
CREATE INDEX "forecast_submissions_period_idx" ON "forecast_submissions" USING btree ("org_id","period","created_at");--> statement-breakpoint
CREATE INDEX "quotas_user_idx" ON "quotas" USING btree ("org_id","user_id","period_start");--> statement-breakpoint
CREATE INDEX "quotas_team_idx" ON "quotas" USING btree ("org_id","team_id","period_start");