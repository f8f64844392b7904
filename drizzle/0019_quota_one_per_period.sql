-- One live quota per subject and period: a team's own quota, or a person's toward a team (none: their own).
-- Until now a second quota for the same subject and period was accepted and silently added to the first in
-- every roll-up. A database that already holds such duplicates keeps the newest of each (the last one an
-- admin entered or edited: a second entry is how people re-enter a quota, and adding them up gives an
-- amount nobody typed) and soft-deletes the others (each its own batch) rather than failing: nothing is
-- lost, they stay listable with `?deleted=true` and can be restored through the API once the kept one is
-- deleted. PARTITION BY groups NULLs together, as the index below does with its nil uuid.
UPDATE "quotas" q SET "deleted_at" = now(), "deleted_batch" = gen_random_uuid()
  FROM (
    SELECT "id", row_number() OVER (
             PARTITION BY "org_id", "user_id", "team_id", "period_start", "period_end"
             ORDER BY "updated_at" DESC, "created_at" DESC, "id" DESC) AS rank
      FROM "quotas" WHERE "deleted_at" IS NULL
  ) ranked
 WHERE q."id" = ranked."id" AND ranked.rank > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "quotas_subject_period_key" ON "quotas" USING btree ("org_id",COALESCE("user_id", '00000000-0000-0000-0000-000000000000'::uuid),COALESCE("team_id", '00000000-0000-0000-0000-000000000000'::uuid),"period_start","period_end") WHERE "quotas"."deleted_at" IS NULL;