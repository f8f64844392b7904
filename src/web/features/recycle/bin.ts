// What the recycle bin shows: the deleted records of every kind that is purged after 30 days, one entry
// per deletion. A deletion cascades (an account takes its contacts, deals, activities and notes; a deal its
// activities and notes; a contact its notes), and everything it took shares the deletion's batch. The
// server restores a record with its whole batch, and refuses to restore on its own what went with another
// record (409 deleted_with_parent): so that is shown under that record and comes back when it is restored.
import { cascadeDepth, RECYCLED_KINDS, type RecycledKind } from '../../../core/recycle.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import type { Account, Activity, Contact, Note, Opportunity, Pipeline, Product } from '../../lib/types.ts';
import { type DuplicateAccount, duplicateAccountsOf } from '../accounts/duplicates.ts';

/** Users, teams, quotas and stakeholders are deleted too, but never purged: not a recycle bin's business. */
export const BIN_KINDS = RECYCLED_KINDS;
export type BinKind = RecycledKind;

export type BinRow = {
  accounts: Account;
  contacts: Contact;
  opportunities: Opportunity;
  activities: Activity;
  notes: Note;
  products: Product;
  pipelines: Pipeline;
};

/** A deletion only ever takes records deeper than its own, so the root of a batch is its shallowest record. */
const DEPTH = Object.fromEntries(BIN_KINDS.map((k) => [k, cascadeDepth(k)])) as Record<BinKind, number>;

/** Restoring reference data (products, funnel models) is for admins, as changing it is. */
export const ADMIN_KINDS: ReadonlySet<BinKind> = new Set(['products', 'pipelines']);

export type BinRecord = {
  kind: BinKind;
  id: string;
  /** Name, subject, or a note's first line. */
  name: string;
  deletedAt: string;
  deletedBatch: string | null;
  /** Who made the last change; on the record a deletion started from, who deleted it. */
  updatedBy: string | null;
  /** Where the record lives once restored (a note: on its deal, contact or account). */
  href: string;
};

/** One deletion: the record it started from and what it took with it. */
export type BinEntry = BinRecord & { cascaded: BinRecord[] };

const NOTE_NAME_MAX = 80;

function noteName(body: string): string {
  const line = body.trim().split('\n')[0]!.trim();
  return line.length > NOTE_NAME_MAX ? `${line.slice(0, NOTE_NAME_MAX - 1)}…` : line;
}

function noteHref(n: Note): string {
  if (n.opportunityId) return `/opportunities/${n.opportunityId}`;
  if (n.contactId) return `/contacts/${n.contactId}`;
  if (n.accountId) return `/accounts/${n.accountId}`;
  return '/';
}

/** The common shape of a deleted row of any kind, named in the reader's language where it has two names. */
export function toBinRecord<K extends BinKind>(kind: K, row: BinRow[K], lang = 'en'): BinRecord {
  const base = {
    kind,
    id: row.id,
    deletedAt: row.deletedAt ?? '',
    deletedBatch: row.deletedBatch,
    updatedBy: row.updatedBy,
  };
  switch (kind) {
    case 'activities':
      return { ...base, name: (row as Activity).subject, href: `/activities/${row.id}` };
    case 'notes':
      return { ...base, name: noteName((row as Note).body), href: noteHref(row as Note) };
    case 'products':
      return { ...base, name: (row as Product).name, href: '/admin/products' };
    case 'pipelines':
      return { ...base, name: pipelineName(row as Pipeline, lang), href: `/admin/pipelines?id=${row.id}` };
    default:
      return { ...base, name: (row as Account | Contact | Opportunity).name, href: `/${kind}/${row.id}` };
  }
}

const byDepthThenName = (a: BinRecord, b: BinRecord) =>
  DEPTH[a.kind] - DEPTH[b.kind] || a.name.localeCompare(b.name);

/**
 * One entry per deletion, newest first. A batch whose shallowest record is unique hangs the rest under
 * it. When the user cannot see the record a deletion started from (another rep's account), what they can
 * see of it may have no single head: each record then stands on its own, as the server would restore it.
 */
export function groupByDeletion(records: readonly BinRecord[]): BinEntry[] {
  const batches = new Map<string, BinRecord[]>();
  const entries: BinEntry[] = [];
  for (const r of records) {
    if (!r.deletedBatch) entries.push({ ...r, cascaded: [] });
    else batches.set(r.deletedBatch, [...(batches.get(r.deletedBatch) ?? []), r]);
  }
  for (const members of batches.values()) {
    const sorted = [...members].sort(byDepthThenName);
    const [root, next] = sorted;
    if (root && (!next || DEPTH[next.kind] > DEPTH[root.kind]))
      entries.push({ ...root, cascaded: sorted.slice(1) });
    else for (const r of sorted) entries.push({ ...r, cascaded: [] });
  }
  return entries.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt) || a.name.localeCompare(b.name));
}

/** Entries where the deleted record or something deleted with it is of `kind` and has `q` in its name. */
export function filterEntries(
  entries: readonly BinEntry[],
  opts: { kind?: BinKind | null; q?: string },
): BinEntry[] {
  const q = opts.q?.trim().toLowerCase() ?? '';
  const matches = (r: BinRecord) =>
    (!opts.kind || r.kind === opts.kind) && (!q || r.name.toLowerCase().includes(q));
  return entries.filter((e) => matches(e) || e.cascaded.some(matches));
}

/**
 * The accounts a refused restore named as possible duplicates (409 duplicate_account: a live account took
 * the name while this one was in the bin), or undefined for any other refusal and any other kind. An empty
 * list: the name is taken by accounts the user may not see.
 */
export function restoreDuplicates(entry: BinRecord, err: unknown): DuplicateAccount[] | undefined {
  return entry.kind === 'accounts' ? duplicateAccountsOf(err) : undefined;
}

/** The body of a restore: none, unless the user restores a possible duplicate anyway (accounts only). */
export function restoreBody(entry: BinRecord, opts: { allowDuplicate?: boolean } = {}) {
  return entry.kind === 'accounts' && opts.allowDuplicate ? { allowDuplicate: true } : undefined;
}
