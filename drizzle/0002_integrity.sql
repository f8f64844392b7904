-- Optional references: when the referenced row is finally purged from the recycle bin, only the reference
-- column is cleared (PostgreSQL 15+ column list), never org_id, so composite tenant keys stay intact.
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_parent_fk", ADD CONSTRAINT "accounts_parent_fk"
  FOREIGN KEY ("org_id","parent_id") REFERENCES "accounts"("org_id","id") ON DELETE SET NULL ("parent_id");
--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_account_fk", ADD CONSTRAINT "contacts_account_fk"
  FOREIGN KEY ("org_id","account_id") REFERENCES "accounts"("org_id","id") ON DELETE SET NULL ("account_id");
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_account_fk", ADD CONSTRAINT "activities_account_fk"
  FOREIGN KEY ("org_id","account_id") REFERENCES "accounts"("org_id","id") ON DELETE SET NULL ("account_id");
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_opportunity_fk", ADD CONSTRAINT "activities_opportunity_fk"
  FOREIGN KEY ("org_id","opportunity_id") REFERENCES "opportunities"("org_id","id") ON DELETE SET NULL ("opportunity_id");
--> statement-breakpoint
ALTER TABLE "notes" DROP CONSTRAINT "notes_account_fk", ADD CONSTRAINT "notes_account_fk"
  FOREIGN KEY ("org_id","account_id") REFERENCES "accounts"("org_id","id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "notes" DROP CONSTRAINT "notes_contact_fk", ADD CONSTRAINT "notes_contact_fk"
  FOREIGN KEY ("org_id","contact_id") REFERENCES "contacts"("org_id","id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "notes" DROP CONSTRAINT "notes_opportunity_fk", ADD CONSTRAINT "notes_opportunity_fk"
  FOREIGN KEY ("org_id","opportunity_id") REFERENCES "opportunities"("org_id","id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_account_fk", ADD CONSTRAINT "opportunities_account_fk"
  FOREIGN KEY ("org_id","account_id") REFERENCES "accounts"("org_id","id") ON DELETE CASCADE;
--> statement-breakpoint
-- The audit log is append-only: history of security events must not be rewritten by anyone.
CREATE OR REPLACE FUNCTION winpath_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION winpath_audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION winpath_audit_log_append_only();
