import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIELD_ERROR_CODES, type FieldError, fieldError } from '../../core/field-errors.ts';
import { valueAt, zodIssueCode } from './zod-issues.ts';

/**
 * Typed domain errors with stable codes. Services throw these; `problemHandler` maps every error to an
 * RFC 9457 problem+json response in this one place.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what = 'record') => new DomainError(404, 'not_found', `The ${what} does not exist.`);
export const forbidden = (message: string, extra: Record<string, unknown> = {}) =>
  new DomainError(403, 'forbidden', message, extra);
export const unauthorized = () =>
  new DomainError(401, 'unauthenticated', 'Sign in or send a valid API token.');
export const invalid = (errors: FieldError[], message = 'The request has invalid fields.') =>
  new DomainError(422, 'validation_failed', message, { errors });
export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new DomainError(409, code, message, extra);

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().describe('The offending field, e.g. `lineItems.0.quantity`'),
          code: z.enum(FIELD_ERROR_CODES).describe('What is wrong, for clients that word it themselves'),
          params: z
            .record(z.string(), z.union([z.string(), z.number()]))
            .optional()
            .describe('The values the wording names, e.g. `{ maximum: 200 }`'),
          message: z.string().describe('What is wrong, in English'),
        }),
      )
      .optional(),
  })
  .passthrough()
  .meta({ id: 'Problem' });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra = {},
) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://winpath.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      instance: req.url,
      ...extra,
    });
}

type PgError = { code?: string; constraint?: string; column?: string; detail?: string };

/**
 * The API fields a constraint guards (`fields`) and the one its violation is reported on (`field`): a field
 * error names one field, also for a constraint over several (a deal's stage is checked with its pipeline,
 * a stakeholder's contact with the deal and the role). An exclusion constraint's violation is reported on
 * each of `fields`, the values that overlap (a quota's period start and end), whatever else it compares.
 */
export type ConstraintFields = {
  field: string;
  fields: readonly string[];
  /**
   * The problem's code and detail where the violation has a name in the domain (overlapping quotas:
   * `quota_overlap`) rather than the generic one of its kind.
   */
  conflict?: { code: string; detail: string };
};

/** Constraint name → the fields it guards, filled from the tables' foreign keys and unique indexes at boot. */
export const constraintFields = new Map<string, ConstraintFields>();

/** `a`, `a and b`, `a, b and c`. */
const listed = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');

/**
 * The PostgreSQL error behind an error, if any. Drizzle wraps driver errors in a DrizzleQueryError whose
 * `cause` is the pg error, so the SQLSTATE is looked up along the cause chain.
 */
export function pgErrorOf(err: unknown): PgError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as PgError).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as PgError;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The problem a database error is answered with (a constraint's refusal…), if the API names it: for code
 * that adds to the answer (quotas name the other quota on an overlap) rather than words it again.
 */
export const domainErrorOf = (err: unknown): DomainError | undefined => fromPg(pgErrorOf(err));

function fromPg(err: PgError | undefined): DomainError | undefined {
  if (!err) return undefined;
  const guarded =
    (err.constraint && constraintFields.get(err.constraint)) ||
    (err.column ? { field: err.column, fields: [err.column] } : undefined);
  const field = guarded?.field;
  const fields = guarded && listed(guarded.fields);
  switch (err.code) {
    case '23505':
      return new DomainError(
        409,
        'duplicate',
        `A record with the same ${fields || 'value'} already exists.`,
        {
          errors: field ? [fieldError(field, 'in_use')] : [],
        },
      );
    case '23P01': // an exclusion constraint: e.g. a subject's overlapping periods
      return new DomainError(
        409,
        guarded?.conflict?.code ?? 'overlap',
        guarded?.conflict?.detail ?? `The ${fields || 'record'} overlaps another record's.`,
        { errors: (guarded?.fields ?? []).map((f) => fieldError(f, 'overlaps')) },
      );
    case '23503':
      return new DomainError(
        422,
        'invalid_reference',
        fields
          ? `The ${fields} ${guarded.fields.length > 1 ? 'do' : 'does'} not refer to a record of this organization, or the record is still referenced.`
          : 'A referenced record does not exist in this organization.',
        { errors: field ? [fieldError(field, 'unknown_reference')] : [] },
      );
    case '23514':
    case '23502':
      return new DomainError(
        422,
        'constraint_violated',
        `The value breaks the rule ${err.constraint ?? field ?? ''}.`,
        {
          errors: field ? [fieldError(field, 'invalid')] : [],
        },
      );
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
    case '22021': // e.g. a NUL character, which PostgreSQL text cannot hold
    case '22P05':
      return new DomainError(422, 'invalid_value', 'A value is out of range or malformed.');
    case '40001':
    case '40P01':
      return new DomainError(409, 'retry', 'The record was changed at the same time; retry the request.');
    default:
      return undefined;
  }
}

export function problemHandler(err: FastifyError & PgError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) return send(reply, req, err.status, err.code, err.message, err.extra);
  if (hasZodFastifySchemaValidationErrors(err)) {
    // Name each offending field by its path inside the body/query; unknown keys each get their own entry.
    const prefix = err.validationContext && err.validationContext !== 'body' ? [err.validationContext] : [];
    const parts = { body: req.body, querystring: req.query, params: req.params, headers: req.headers };
    const input = parts[err.validationContext ?? 'body'];
    const errors = err.validation.flatMap((v) => {
      const steps = String(v.instancePath).split('/').filter(Boolean);
      const at = [...prefix, ...steps];
      const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
      if (keys?.length) return keys.map((k) => fieldError([...at, k].join('.'), 'unknown_property'));
      const path = at.join('.') || (err.validationContext ?? 'body');
      const { code, params } = zodIssueCode(v.keyword, v.message, v.params ?? {}, valueAt(input, steps));
      return [fieldError(path, code, params)];
    });
    return send(
      reply,
      req,
      400,
      'validation_failed',
      `Invalid ${err.validationContext ?? 'request'}: ${errors.map((e) => e.path).join(', ')}.`,
      { errors },
    );
  }
  const pg = domainErrorOf(err);
  if (pg) return send(reply, req, pg.status, pg.code, pg.message, pg.extra);
  if (
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err instanceof SyntaxError
  )
    return send(reply, req, 400, 'invalid_json', 'The body is not valid JSON.');
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return send(reply, req, 413, 'body_too_large', 'The body is too large.');
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return send(reply, req, 415, 'unsupported_media_type', 'Send the body as application/json.');
  if (err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    return send(reply, req, 400, 'invalid_content_length', 'Content-Length does not match the body.');
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
    return send(reply, req, err.statusCode, 'bad_request', err.message);
  req.log.error({ err }, 'unhandled error');
  return send(reply, req, 500, 'internal', 'Something went wrong on our side; it has been logged.');
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return send(reply, req, 404, 'route_not_found', `No route ${req.method} ${req.url.split('?')[0]}.`);
}
