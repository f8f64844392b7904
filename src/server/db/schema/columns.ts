import { sql } from 'drizzle-orm';
import { customType, integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * timestamptz surfaced as an ISO-8601 string: the API speaks JSON, and a string keeps one shape from the
 * database to the response schema (zod, OpenAPI) without Date objects in between.
 */
export const isoTimestamp = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (v) => new Date(v).toISOString(),
  toDriver: (v) => v,
});

export const id = () => uuid().primaryKey().default(sql`gen_random_uuid()`);
export const orgId = () => uuid().notNull();

/** Columns every editable tenant record carries: optimistic-concurrency version, times, soft delete. */
export const recordColumns = () => ({
  version: integer().notNull().default(1),
  createdAt: isoTimestamp().notNull().default(sql`now()`),
  updatedAt: isoTimestamp().notNull().default(sql`now()`),
  /** Who made the last change: a 412 answer tells the user who changed the record under them. */
  updatedBy: uuid(),
  deletedAt: isoTimestamp(),
  /** Rows deleted together (a record and its cascade) share a batch id, so restore brings them back together. */
  deletedBatch: uuid(),
});

export const createdAt = () => isoTimestamp().notNull().default(sql`now()`);
export { timestamp };
