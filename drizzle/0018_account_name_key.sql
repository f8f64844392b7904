ALTER TABLE "accounts" ADD COLUMN "name_key" text;--> statement-breakpoint
CREATE INDEX "accounts_name_key_idx" ON "accounts" USING btree ("org_id","name_key") WHERE "accounts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "accounts_name_key_missing_idx" ON "accounts" USING btree ("org_id") WHERE "accounts"."name_key" IS NULL;--> statement-breakpoint
-- The key is computed in Node (the one normaliser is TypeScript), so a write that changes a name without
-- giving the key (an import, SQL by hand) clears it: the duplicate check computes missing keys before it
-- looks, and a stale key would hide a duplicate. Existing rows start without a key, for the same reason.
CREATE OR REPLACE FUNCTION winpath_accounts_name_key_stale() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name AND NEW.name_key IS NOT DISTINCT FROM OLD.name_key THEN
    NEW.name_key := NULL;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER accounts_name_key_stale BEFORE UPDATE OF name ON accounts
  FOR EACH ROW EXECUTE FUNCTION winpath_accounts_name_key_stale();
