-- A subject's live quotas must not overlap in time (the subject as in 0019: a team's own quota, or a person's
-- toward a team, none meaning their own). Until now a Q4 quota and a December quota of the same subject were
-- both accepted and every roll-up (attainment, coverage's remaining quota, forecast's quota) added them up
-- for December: an amount nobody meant. Adjacent periods (November, then December) do not overlap.
--
-- Enforced by an exclusion constraint rather than a trigger: a trigger that looks for other rows misses a
-- concurrent insert it cannot see yet (it would need its own locking), while the GiST index behind EXCLUDE
-- makes the second of two racing writes wait for the first and then fail, like a unique index. It needs
-- btree_gist for `=` on uuids next to `&&` on date ranges; btree_gist is a trusted extension (PostgreSQL 13+),
-- so the database owner may create it, as with pg_trgm in 0000.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
-- EXCLUDE cannot be added NOT VALID, so overlaps already in the database are resolved first, as 0019 did
-- with duplicates, rather than failing the upgrade: the newest quota of each subject is kept (the last one
-- an admin entered or edited, by updated_at, then created_at, then id: the same order as 0019), every older
-- one that overlaps it is soft-deleted (each in its own batch), and so on down the subject's quotas. Nothing
-- is lost: the rows stay in the table (quotas are not purged with the recycle bin), are listable with
-- `?deleted=true` for 30 days, and can be restored through the API once the one that replaced them is
-- changed or deleted. Only quotas that overlap another of their subject are visited. Subjects are compared
-- with the nil uuid for NULL (not IS NOT DISTINCT FROM), which 0019's unique index on the same expressions
-- serves: the lookups stay index scans on an organization with tens of thousands of quotas.
DO $$
DECLARE
  q record;
BEGIN
  FOR q IN
    SELECT a."id" FROM "quotas" a
     WHERE a."deleted_at" IS NULL
       AND EXISTS (SELECT 1 FROM "quotas" b
                    WHERE b."org_id" = a."org_id" AND b."id" <> a."id" AND b."deleted_at" IS NULL
                      AND COALESCE(b."user_id", '00000000-0000-0000-0000-000000000000'::uuid) = COALESCE(a."user_id", '00000000-0000-0000-0000-000000000000'::uuid)
                      AND COALESCE(b."team_id", '00000000-0000-0000-0000-000000000000'::uuid) = COALESCE(a."team_id", '00000000-0000-0000-0000-000000000000'::uuid)
                      AND b."period_start" <= a."period_end" AND b."period_end" >= a."period_start")
     ORDER BY a."updated_at" DESC, a."created_at" DESC, a."id" DESC
  LOOP
    -- A quota soft-deleted earlier in the loop (under a newer one) removes nothing: the loop's rows were
    -- read before it started.
    UPDATE "quotas" o SET "deleted_at" = now(), "deleted_batch" = gen_random_uuid()
      FROM "quotas" k
     WHERE k."id" = q."id" AND k."deleted_at" IS NULL
       AND o."org_id" = k."org_id" AND o."id" <> k."id" AND o."deleted_at" IS NULL
       AND COALESCE(o."user_id", '00000000-0000-0000-0000-000000000000'::uuid) = COALESCE(k."user_id", '00000000-0000-0000-0000-000000000000'::uuid)
       AND COALESCE(o."team_id", '00000000-0000-0000-0000-000000000000'::uuid) = COALESCE(k."team_id", '00000000-0000-0000-0000-000000000000'::uuid)
       AND o."period_start" <= k."period_end" AND o."period_end" >= k."period_start";
  END LOOP;
END
$$;--> statement-breakpoint
-- The nil uuid stands in for NULL as in 0019's index, so that NULLs do not make subjects distinct. The
-- periods are inclusive dates ('[]'): a quota ending on 2026-11-30 and one starting on 2026-12-01 do not
-- overlap. The constraint also refuses a second quota for the exact same period, so it replaces 0019's
-- unique index.
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_no_overlap" EXCLUDE USING gist (
  "org_id" WITH =,
  (COALESCE("user_id", '00000000-0000-0000-0000-000000000000'::uuid)) WITH =,
  (COALESCE("team_id", '00000000-0000-0000-0000-000000000000'::uuid)) WITH =,
  daterange("period_start", "period_end", '[]') WITH &&
) WHERE ("deleted_at" IS NULL);--> statement-breakpoint
DROP INDEX IF EXISTS "quotas_subject_period_key";
