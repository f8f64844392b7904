// A pipeline's name as the reader sees it. Pipelines have a name and, optionally, a Chinese name (stages
// always have both): a zh-CN reader sees the Chinese one when it is set, everyone else the name. The same
// rule as the exports' coalesce(nullif(name_zh, ''), name) (src/server/features/export/columns.ts).

export type NamedPipeline = { name: string; nameZh?: string | null };

export function pipelineName(p: NamedPipeline, lang: string): string {
  return lang.startsWith('zh') && p.nameZh?.trim() ? p.nameZh : p.name;
}
