import { fieldError } from '../../core/field-errors.ts';
import { DomainError } from '../http/errors.ts';

/** Keyset cursor: the sort value and id of the last row of a page, opaque to clients. */
export type Cursor = { v: string | number | boolean | null; id: string };

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(raw: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[1] === 'string' &&
      UUID.test(parsed[1])
    ) {
      const [v, id] = parsed as [unknown, string];
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
        return { v: v as Cursor['v'], id };
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError(400, 'invalid_cursor', 'The cursor is not one this API issued.', {
    errors: [fieldError('cursor', 'bad_cursor')],
  });
}
