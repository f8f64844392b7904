-- A stage can be retired (停用): it takes no new deals and leaves the board and the pickers of new moves,
-- while every deal that was or is in it keeps it, so its stage history and the analytics that read that
-- history stay true. Null: the stage is active. Existing stages are all active.
ALTER TABLE "pipeline_stages" ADD COLUMN "retired_at" timestamp with time zone;
