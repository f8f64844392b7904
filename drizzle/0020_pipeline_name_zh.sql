-- Pipelines get a Chinese name beside `name`, as stages have; null (never blank): zh-CN readers see `name`.
ALTER TABLE "pipelines" ADD COLUMN "name_zh" text;