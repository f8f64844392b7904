// 回收站的简体中文文案（i18next 命名空间 `recycle`）；键与 recycle.en.ts 一致。
import type { RecycleMessages } from './recycle.en.ts';

export const recycleZh: RecycleMessages = {
  title: '回收站',
  subtitle:
    '删除的记录在此保留 {{days}} 天，之后将被永久删除。恢复一条记录时，随它一起删除的记录也会一并恢复。',
  readOnly: '你的角色可以查看已删除的记录，但不能恢复。',
  truncated: '仅显示了回收站的一部分：某类记录超过 {{max}} 条。',
  search: '按名称搜索',
  allTypes: '全部类型',
  deleted: '删除时间',
  deletedBy: '删除人',
  timeLeft: '剩余时间',
  daysLeft_one: '{{count}} 天',
  daysLeft_other: '{{count}} 天',
  keptUntil: '保留至 {{date}}',
  restore: '恢复',
  restoreNamed: '恢复“{{name}}”',
  restoreAnyway: '仍然恢复',
  restored: '“{{name}}”已恢复。',
  restoredWith_one: '“{{name}}”已恢复，随其删除的 {{count}} 条记录也一并恢复。',
  restoredWith_other: '“{{name}}”已恢复，随其删除的 {{count}} 条记录也一并恢复。',
  open: '打开',
  gone: '该记录已不在回收站中：可能已被他人恢复，或已被永久删除。',
  deletedWith: '随“{{name}}”一起删除',
  showAll: '显示随其删除的全部 {{count}} 条记录',
  emptyTitle: '回收站是空的',
  emptyText: '你删除的记录会在这里保留 {{days}} 天，期间可以随时恢复。',
};
