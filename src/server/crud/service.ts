import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { fieldError } from '../../core/field-errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { conflict, DomainError, forbidden, notFound, pgErrorOf } from '../http/errors.ts';
import {
  type Cascaded,
  deletedWithParent,
  getRow,
  insertRow,
  lockRow,
  setDeleted,
  updateRow,
} from './repo.ts';
import type { Resource, Row } from './resource.ts';

export type Precondition = { ifMatch: number | undefined };

function assertCanWrite(res: Resource, actor: Actor): void {
  if (res.writeAccess === 'admin' ? !actor.isAdmin : !actor.canWriteSales)
    throw forbidden(`Your role (${actor.role}) may not change ${res.name}.`);
}

/**
 * Owner fields may only name users the actor may assign to: admins anyone, managers anyone in their
 * scope, others themselves. Stops a rep from planting records on someone else's desk.
 */
async function assertOwnerAllowed(db: DbOrTx, actor: Actor, ownerId: unknown) {
  if (typeof ownerId !== 'string') return;
  if (actor.scopeUserIds && !actor.scopeUserIds.includes(ownerId))
    throw new DomainError(403, 'owner_not_allowed', 'You may not assign records to that user.', {
      errors: [fieldError('ownerId', 'not_assignable')],
    });
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, ownerId), sql`${users.deletedAt} IS NULL`));
  if (found.length === 0)
    throw new DomainError(422, 'invalid_reference', 'The owner is not a user of this organization.', {
      errors: [fieldError('ownerId', 'unknown_user')],
    });
}

function preconditionCheck(row: Row, pre: Precondition, who: { name: string } | undefined): void {
  if (pre.ifMatch === undefined)
    throw new DomainError(
      428,
      'precondition_required',
      'Send If-Match with the version (ETag) you last read.',
    );
  if (row.version !== pre.ifMatch)
    throw new DomainError(412, 'version_conflict', 'Someone changed this record after you read it.', {
      current: {
        version: row.version,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy ? { id: row.updatedBy, name: who?.name ?? null } : null,
      },
    });
}

async function whoChanged(tx: DbOrTx, actor: Actor, row: Row) {
  if (!row.updatedBy) return undefined;
  const found = await tx
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.orgId, actor.orgId), eq(users.id, row.updatedBy as string)));
  return found[0];
}

function splitInput(res: Resource, input: Row): Row {
  const values: Row = {};
  for (const [k, v] of Object.entries(input))
    if (res.writable.includes(k) || res.internalFields?.includes(k)) values[k] = v;
  return values;
}

export async function createRecord(opts: {
  db: Db;
  res: Resource;
  actor: Actor;
  input: Row;
  now: Date;
}): Promise<Row> {
  const { db, res, actor, now } = opts;
  assertCanWrite(res, actor);
  await res.hooks?.beforeTransaction?.({ db, actor, input: opts.input, op: 'create' });
  let attempted: Row | undefined;
  const written = db.transaction(async (tx) => {
    let input = opts.input;
    if (res.ownerField) {
      input = { ...input, [res.ownerField]: input[res.ownerField] ?? actor.userId };
      await assertOwnerAllowed(tx, actor, input[res.ownerField]);
    }
    input = (await res.hooks?.beforeWrite?.({ tx, actor, now, input })) ?? input;
    attempted = input;
    const at = now.toISOString();
    const { id } = await insertRow(tx, res, {
      ...splitInput(res, input),
      orgId: actor.orgId,
      createdAt: at,
      updatedAt: at,
      updatedBy: actor.userId,
    });
    const row = { ...input, id };
    await res.hooks?.afterCreate?.({ tx, actor, now, input, row });
    const created = await getRow(tx, res, actor, id as string);
    // A record the creator cannot see afterwards (e.g. owner set to someone else) is still returned.
    return created ?? (await getRow(tx, res, { ...actor, scopeUserIds: null }, id as string))!;
  });
  return written.catch((err) => refused(res, { db, actor, err, attempted }));
}

export async function updateRecord(opts: {
  db: Db;
  res: Resource;
  actor: Actor;
  id: string;
  input: Row;
  pre: Precondition;
  now: Date;
}): Promise<Row> {
  const { db, res, actor, id, now } = opts;
  await res.hooks?.beforeTransaction?.({ db, actor, input: opts.input, op: 'update' });
  let attempted: Row | undefined;
  const written = db.transaction(async (tx) => {
    const before = await lockRow(tx, res, actor, id);
    if (!before) throw notFound(res.label);
    preconditionCheck(before, opts.pre, await whoChanged(tx, actor, before));
    assertCanWrite(res, actor);
    let input = opts.input;
    if (res.ownerField && res.ownerField in input) await assertOwnerAllowed(tx, actor, input[res.ownerField]);
    input = (await res.hooks?.beforeWrite?.({ tx, actor, now, input, before })) ?? input;
    attempted = { ...before, ...input };
    await updateRow(tx, res, actor, id, splitInput(res, input), now);
    const row = (await lockRow(tx, res, { ...actor, scopeUserIds: null }, id))!;
    await res.hooks?.afterUpdate?.({ tx, actor, now, input, before, row });
    return (await getRow(tx, res, { ...actor, scopeUserIds: null }, id))!;
  });
  return written.catch((err) => refused(res, { db, actor, err, attempted }));
}

export async function deleteRecord(opts: {
  db: Db;
  res: Resource;
  actor: Actor;
  id: string;
  pre: Precondition;
  now: Date;
}): Promise<void> {
  const { db, res, actor, id, now } = opts;
  await db.transaction(async (tx) => {
    const row = await lockRow(tx, res, actor, id);
    if (!row) throw notFound(res.label);
    preconditionCheck(row, opts.pre, await whoChanged(tx, actor, row));
    assertCanWrite(res, actor);
    const taken = await setDeleted(tx, res, actor, row, { restore: false, now, batch: randomUUID() });
    await res.hooks?.afterDelete?.({ tx, actor, now, row, restored: false });
    await afterCascade(tx, actor, now, taken, false);
  });
}

async function afterCascade(tx: DbOrTx, actor: Actor, now: Date, taken: Cascaded[], restored: boolean) {
  for (const { resource, parent, ids } of taken)
    await resource.hooks?.afterCascade?.({ tx, actor, now, ids, parent, restored });
}

export async function restoreRecord(opts: {
  db: Db;
  res: Resource;
  actor: Actor;
  id: string;
  /** The restore's body, for resources that take one (`Resource.restore`); otherwise empty. */
  input?: Row;
  now: Date;
}): Promise<Row> {
  const { db, res, actor, id, now } = opts;
  const input = opts.input ?? {};
  await res.hooks?.beforeTransaction?.({ db, actor, input, op: 'restore' });
  let attempted: Row | undefined;
  const restored = db.transaction(async (tx) => {
    const row = await lockRow(tx, res, actor, id, { deleted: true, now });
    if (!row) throw notFound(res.label);
    attempted = row;
    assertCanWrite(res, actor);
    await assertDeletedOnItsOwn(tx, res, actor, row);
    // Before anything comes back: a refusal restores nothing of the deletion's batch.
    await res.hooks?.beforeRestore?.({ tx, actor, now, input, row });
    const taken = await setDeleted(tx, res, actor, row, {
      restore: true,
      now,
      batch: row.deletedBatch as string,
    });
    await res.hooks?.afterDelete?.({ tx, actor, now, row, restored: true });
    await afterCascade(tx, actor, now, taken, true);
    return (await getRow(tx, res, actor, id))!;
  });
  return restored.catch((err) => refused(res, { db, actor, err, attempted }));
}

/**
 * What a failed create, change or restore throws: for a constraint's refusal, the resource's fuller account
 * of it (`hooks.afterRefused`, read after the rollback), else the error itself.
 */
async function refused(
  res: Resource,
  ctx: { db: Db; actor: Actor; err: unknown; attempted: Row | undefined },
): Promise<never> {
  const { attempted, ...rest } = ctx;
  // The fuller account is a courtesy: should reading it fail too (the contention that caused the refusal
  // can time it out), the refusal itself is still the answer, never that second failure's 500.
  const fuller =
    attempted && pgErrorOf(ctx.err)?.constraint
      ? await res.hooks?.afterRefused?.({ ...rest, attempted }).catch(() => undefined)
      : undefined;
  throw fuller ?? ctx.err;
}

/**
 * A record that went to the recycle bin with its parent (a deal with its account) comes back with it:
 * restored alone it would be live under a deleted parent, and its batch would bring back the parent's other
 * children too.
 */
async function assertDeletedOnItsOwn(tx: DbOrTx, res: Resource, actor: Actor, row: Row): Promise<void> {
  const taken = await deletedWithParent(tx, res, actor, row);
  if (taken)
    throw conflict(
      'deleted_with_parent',
      `This ${res.label.toLowerCase()} was deleted with its ${taken.parent.label.toLowerCase()}: restore that instead.`,
      { parentType: taken.parent.label.toLowerCase(), parentId: taken.id },
    );
}
