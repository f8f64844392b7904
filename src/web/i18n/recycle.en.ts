// English strings of the recycle bin: the i18next namespace `recycle` (its own, so the typed keys of the
// main namespace do not grow; see features/import/i18n.ts). recycle.zh-CN.ts has the same keys.
export const recycleEn = {
  title: 'Recycle bin',
  subtitle:
    'Deleted records stay here for {{days}} days, then they are removed for good. Restoring a record also brings back what was deleted with it.',
  readOnly: 'Your role can see deleted records but not restore them.',
  truncated: 'Only part of the recycle bin is shown: it holds more than {{max}} records of one type.',
  search: 'Search by name',
  allTypes: 'All types',
  deleted: 'Deleted',
  deletedBy: 'Deleted by',
  timeLeft: 'Time left',
  daysLeft_one: '{{count}} day',
  daysLeft_other: '{{count}} days',
  keptUntil: 'until {{date}}',
  restore: 'Restore',
  restoreNamed: 'Restore “{{name}}”',
  restoreAnyway: 'Restore anyway',
  restored: '“{{name}}” is back.',
  restoredWith_one: '“{{name}}” is back, with the {{count}} record deleted with it.',
  restoredWith_other: '“{{name}}” is back, with the {{count}} records deleted with it.',
  open: 'Open',
  gone: 'It is no longer in the recycle bin: someone restored it, or it was removed for good.',
  deletedWith: 'Deleted with “{{name}}”',
  showAll: 'Show all {{count}} records deleted with it',
  emptyTitle: 'The recycle bin is empty',
  emptyText: 'What you delete stays here for {{days}} days, so you can bring it back.',
};

/** The shape every translation of the namespace must have: the same keys as English. */
export type RecycleMessages = { [K in keyof typeof recycleEn]: string };
