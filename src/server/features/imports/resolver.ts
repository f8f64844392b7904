import type pg from 'pg';
import type { RefKind } from '../../../core/import/entities.ts';
import { emailKey, looksLikeEmail, referenceKey } from '../../../core/import/normalize.ts';
import { problem } from '../../../core/import/problems.ts';
import type { RefResolver, Resolution } from '../../../core/import/validate.ts';
import { uuidv7 } from '../../db/uuidv7.ts';

const AMBIGUOUS = '\u0000ambiguous';

/** A name index: reference key → id, or AMBIGUOUS when several records share the key. */
class Index {
  readonly byKey = new Map<string, string>();
  readonly exact = new Map<string, string>();
  add(key: string, id: string) {
    if (!key) return;
    const had = this.byKey.get(key);
    if (had === undefined) this.byKey.set(key, id);
    else if (had !== id) this.byKey.set(key, AMBIGUOUS);
  }
  addExact(value: string, id: string) {
    const had = this.exact.get(value);
    this.exact.set(value, had === undefined || had === id ? id : AMBIGUOUS);
  }
}

/** A record to create for an unmatched reference (--create-missing), inserted with the batch using it. */
export type Pending = {
  kind: 'account' | 'product' | 'team' | 'user';
  id: string;
  name: string;
  /** Teams: the parent (a region) and the manager who leads it. */
  parentId?: string | null;
  managerId?: string | null;
};

const CREATABLE: ReadonlySet<RefKind> = new Set(['account', 'product', 'team', 'user']);

/**
 * Resolves references of an import against the organization's live records, loaded once per import
 * (only the kinds the mapping uses). Users match by e-mail, then by name; accounts, products and deals
 * by their external id exactly, then by name; teams and contacts by name, pipelines by either name. Names compare by
 * reference key (case, spaces, punctuation and width ignored). A key shared by several records is
 * ambiguous and reported, never guessed. With `createMissing`, an unmatched account, product, team or
 * user (by name; a user then has no e-mail and cannot sign in until invited) is queued for creation and
 * later rows referring to the same name get the same record.
 */
export class DbResolver implements RefResolver {
  private readonly indexes = new Map<RefKind, Index>();
  private readonly emails = new Index();
  private pending: Pending[] = [];
  private readonly pendingIds = new Set<string>();
  /** Users without an e-mail by name key: an import row with that name completes them. */
  private readonly placeholders = new Index();
  private pipelines: { id: string; isDefault: boolean }[] = [];
  private stages = new Map<string, { id: string; position: number; names: string[]; retired: boolean }[]>();
  readonly createdCounts: Record<string, number> = {};
  private readonly userNames = new Map<string, string>();
  /** Existing open deals in retired stages: external id → stage (see `keepsRetiredStage`). */
  private readonly retiredStageDeals = new Map<string, string>();

  private constructor(private readonly createMissing: boolean) {}

  static async load(
    client: pg.ClientBase,
    orgId: string,
    kinds: ReadonlySet<RefKind>,
    opts: { createMissing: boolean; dealsByExternalId?: boolean },
  ): Promise<DbResolver> {
    const r = new DbResolver(opts.createMissing);
    const rows = async (text: string) =>
      (await client.query<{ id: string; name: string; extra: string | null }>(text, [orgId])).rows;
    for (const kind of kinds) {
      const idx = new Index();
      r.indexes.set(kind, idx);
      switch (kind) {
        case 'user':
          for (const u of await rows(
            'SELECT id, name, email AS extra FROM users WHERE org_id = $1 AND deleted_at IS NULL',
          )) {
            idx.add(referenceKey(u.name), u.id);
            r.userNames.set(u.id, u.name);
            if (u.extra) r.emails.addExact(emailKey(u.extra), u.id);
            else r.placeholders.add(referenceKey(u.name), u.id);
          }
          break;
        case 'team':
          for (const t of await rows(
            'SELECT id, name, NULL AS extra FROM teams WHERE org_id = $1 AND deleted_at IS NULL',
          ))
            idx.add(referenceKey(t.name), t.id);
          break;
        case 'contact':
          for (const c of await rows(
            'SELECT id, name, email AS extra FROM contacts WHERE org_id = $1 AND deleted_at IS NULL',
          )) {
            idx.add(referenceKey(c.name), c.id);
            if (c.extra) idx.addExact(emailKey(c.extra), c.id);
          }
          break;
        case 'account':
        case 'product':
        case 'opportunity': {
          const table = kind === 'account' ? 'accounts' : kind === 'product' ? 'products' : 'opportunities';
          for (const x of await rows(
            `SELECT id, name, external_id AS extra FROM ${table} WHERE org_id = $1 AND deleted_at IS NULL`,
          )) {
            idx.add(referenceKey(x.name), x.id);
            if (x.extra) idx.addExact(x.extra, x.id);
          }
          break;
        }
        case 'pipeline':
          break;
      }
    }
    // Pipelines and stages are always needed by deals and are small.
    const pipes = await client.query<{
      id: string;
      name: string;
      name_zh: string | null;
      is_default: boolean;
    }>(
      'SELECT id, name, name_zh, is_default FROM pipelines WHERE org_id = $1 AND deleted_at IS NULL ORDER BY created_at',
      [orgId],
    );
    r.pipelines = pipes.rows.map((p) => ({ id: p.id, isDefault: p.is_default }));
    const pidx = new Index();
    // Either name finds the pipeline: a bilingual team's file may use either (the same id twice is no ambiguity).
    for (const p of pipes.rows) {
      pidx.add(referenceKey(p.name), p.id);
      if (p.name_zh) pidx.add(referenceKey(p.name_zh), p.id);
    }
    r.indexes.set('pipeline', pidx);
    const stages = await client.query<{
      id: string;
      pipeline_id: string;
      position: number;
      name_en: string;
      name_zh: string;
      retired: boolean;
    }>(
      `SELECT id, pipeline_id, position, name_en, name_zh, retired_at IS NOT NULL AS retired
         FROM pipeline_stages WHERE org_id = $1 ORDER BY pipeline_id, position`,
      [orgId],
    );
    for (const s of stages.rows) {
      const list = r.stages.get(s.pipeline_id) ?? [];
      list.push({ id: s.id, position: s.position, names: [s.name_en, s.name_zh], retired: s.retired });
      r.stages.set(s.pipeline_id, list);
    }
    // Only the open deals in retired stages (the validator asks of no other), not the organization's whole
    // book: a closed deal there is history, and re-opening it into the retired stage is refused as a new one.
    if (opts.dealsByExternalId) {
      const deals = await client.query<{ external_id: string; stage_id: string }>(
        `SELECT o.external_id, o.stage_id FROM opportunities o
           JOIN pipeline_stages ps ON ps.org_id = o.org_id AND ps.id = o.stage_id
          WHERE o.org_id = $1 AND o.deleted_at IS NULL AND o.status = 'open' AND o.external_id IS NOT NULL
            AND ps.retired_at IS NOT NULL`,
        [orgId],
      );
      for (const d of deals.rows) r.retiredStageDeals.set(d.external_id, d.stage_id);
    }
    return r;
  }

  resolve(kind: RefKind, raw: string): Resolution {
    const idx = this.indexes.get(kind);
    if (!idx) return { error: 'missing' };
    const text = raw.trim();
    let hit: string | undefined;
    if (kind === 'user' && looksLikeEmail(text)) {
      hit = this.emails.exact.get(emailKey(text));
      if (hit === undefined)
        return { error: 'missing', problem: problem('noUserWithEmail', { email: emailKey(text) }) };
    } else {
      hit = idx.exact.get(kind === 'contact' ? emailKey(text) : text) ?? idx.byKey.get(referenceKey(text));
    }
    if (hit === AMBIGUOUS)
      return { error: 'ambiguous', problem: problem('refAmbiguous', { kind, value: text }) };
    if (hit !== undefined) return { id: hit };
    const key = referenceKey(text);
    if (this.createMissing && CREATABLE.has(kind) && key) {
      const id = uuidv7();
      idx.add(key, id);
      this.pending.push({ kind: kind as Pending['kind'], id, name: text });
      this.pendingIds.add(id);
      if (kind === 'user') {
        this.placeholders.add(key, id);
        this.userNames.set(id, text);
      }
      this.createdCounts[kind] = (this.createdCounts[kind] ?? 0) + 1;
      return { id };
    }
    const code = CREATABLE.has(kind) ? 'refMissingCreatable' : 'refMissing';
    return { error: 'missing', problem: problem(code, { kind, value: text }) };
  }

  defaultPipeline(): string | null {
    return (this.pipelines.find((p) => p.isDefault) ?? this.pipelines[0])?.id ?? null;
  }

  stagesOf(pipelineId: string) {
    return this.stages.get(pipelineId) ?? [];
  }

  keepsRetiredStage(externalId: string, stageId: string): boolean {
    return this.retiredStageDeals.get(externalId) === stageId;
  }

  /** An existing (not queued) record with this name, without creating one. */
  lookup(kind: RefKind, name: string): string | null {
    const id = this.indexes.get(kind)?.byKey.get(referenceKey(name));
    return id && id !== AMBIGUOUS && !this.pendingIds.has(id) ? id : null;
  }

  /** A user without an e-mail with this name (created earlier as a reference), to complete. */
  placeholderUser(name: string): string | null {
    const id = this.placeholders.byKey.get(referenceKey(name));
    return id && id !== AMBIGUOUS ? id : null;
  }

  /** Queues a record the import needs (e.g. the team a manager leads). */
  queue(p: Pending) {
    this.pending.push(p);
    this.pendingIds.add(p.id);
    this.indexes.get(p.kind)?.add(referenceKey(p.name), p.id);
    this.createdCounts[p.kind] = (this.createdCounts[p.kind] ?? 0) + 1;
  }

  /** A point to go back to: see `rollback`. */
  mark(): number {
    return this.pending.length;
  }

  /**
   * Forgets the records queued since `mark` (a row that turned out bad creates nothing). They are newer
   * than any row validated before the mark, so no good row refers to them.
   */
  rollback(mark: number): void {
    for (const p of this.pending.splice(mark)) {
      this.pendingIds.delete(p.id);
      const key = referenceKey(p.name);
      this.indexes.get(p.kind)?.byKey.delete(key);
      if (p.kind === 'user') this.placeholders.byKey.delete(key);
      this.createdCounts[p.kind] = (this.createdCounts[p.kind] ?? 1) - 1;
    }
  }

  /** Records queued for creation since the last call. */
  takePending(): Pending[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  /** A user's name (existing or queued). */
  nameOf(userId: string): string | undefined {
    return this.userNames.get(userId);
  }

  /** Makes records written by the import itself (e.g. a team created for a user) findable by name. */
  remember(kind: RefKind, name: string, id: string) {
    this.indexes.get(kind)?.add(referenceKey(name), id);
    if (kind === 'user') this.userNames.set(id, name);
  }
}
