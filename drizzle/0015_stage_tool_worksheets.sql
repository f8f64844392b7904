-- The default process's stage tools linked /knowledge/tools/<slug>, pages that never existed, with English
-- labels only. They now link the built-in worksheets (/tools/<slug>, src/core/tool-templates.ts); a tool still
-- under its original English label also gets the worksheet's Chinese name. Labels an admin changed, and links of
-- their own, are kept as they are; the pipelines whose stages changed get a new version, so a designer
-- opened before the upgrade cannot save the old links back. Running it twice changes nothing.
WITH worksheet(slug, label_en, label_zh) AS (
  VALUES
    ('qualification', 'Project qualification sheet', '项目立项评估表'),
    ('research', 'Account research checklist', '客户背景调研清单'),
    ('visit-plan', 'Visit plan and debrief', '拜访计划与复盘表'),
    ('first-meeting', 'Questions for the first meeting', '首次会面提问清单'),
    ('solution-template', 'Solution design template', '解决方案设计模板'),
    ('buying-team', 'Buying team map', '采购小组分析表'),
    ('cases', 'Reference cases', '成功案例选用表'),
    ('demo-script', 'Demo script', '产品演示脚本'),
    ('tender', 'Tender checklist', '招投标检查清单'),
    ('executive-brief', 'Executive meeting brief', '高层拜访简报'),
    ('negotiation', 'Negotiation plan', '商务谈判计划'),
    ('handover', 'Handover checklist', '签约交接清单')
),
changed AS (
  UPDATE pipeline_stages s
SET tools = (
  SELECT jsonb_agg(
    CASE
      WHEN w.slug IS NULL THEN e.tool
      WHEN e.tool ->> 'label' = w.label_en AND coalesce(e.tool ->> 'labelZh', '') = ''
        THEN e.tool || jsonb_build_object('url', '/tools/' || w.slug, 'labelZh', w.label_zh)
      ELSE e.tool || jsonb_build_object('url', '/tools/' || w.slug)
    END
    ORDER BY e.position
  )
  FROM jsonb_array_elements(s.tools) WITH ORDINALITY AS e(tool, position)
  LEFT JOIN worksheet w ON e.tool ->> 'url' = '/knowledge/tools/' || w.slug
)
WHERE jsonb_typeof(s.tools) = 'array' AND s.tools @? '$[*] ? (@.url starts with "/knowledge/tools/")'
RETURNING s.org_id, s.pipeline_id
)
UPDATE pipelines p
SET version = p.version + 1
FROM (SELECT DISTINCT org_id, pipeline_id FROM changed) c
WHERE p.org_id = c.org_id AND p.id = c.pipeline_id;
