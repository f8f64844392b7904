import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { safeEncode } from 'zod/v4/core';

type Json = { [k: string]: unknown };

/** Serialization needs types and shapes only: drop patterns/formats and fold `anyOf [T, null]` into a type list. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'pattern' || k === 'format' || k === '$schema') continue;
    out[k] = simplify(v);
  }
  const any = out.anyOf as Json[] | undefined;
  if (any?.length === 2) {
    const nul = any.findIndex((s) => s.type === 'null' && Object.keys(s).length === 1);
    const other = any[1 - nul];
    if (nul >= 0 && other && typeof other.type === 'string') {
      delete out.anyOf;
      return { ...out, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/**
 * Response serializer: the route's zod schema, turned into JSON Schema once and compiled with
 * fast-json-stringify (Fastify's own serializer), so a response costs a generated function call instead
 * of a full zod validation. With `validate`, responses are also checked against the zod schema first (on in
 * tests, so any drift between data and schema fails a test).
 */
export function createSerializerCompiler(opts: { validate: boolean }): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => {
    const json = simplify(
      z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }),
    );
    const stringify = fastJson(json as Parameters<typeof fastJson>[0]);
    return (data: unknown) => {
      if (opts.validate) {
        const checked = safeEncode(schema, data);
        if (!checked.success)
          throw new Error(`Response of ${method} ${url} does not match its schema: ${checked.error.message}`);
      }
      return stringify(data);
    };
  };
}
