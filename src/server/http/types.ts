import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, ActorCache } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import type { DomainError } from './errors.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    actors: ActorCache;
    notFound: (what?: string) => DomainError;
    winpathVersion: string;
    /** Mark the session cookie Secure even when TLS ends at a proxy in front of Winpath. */
    secureCookies: boolean;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
    /** How the request authenticated: a session cookie (CSRF-checked) or a bearer token. */
    authVia: 'session' | 'token' | undefined;
  }
  interface FastifyContextConfig {
    /** Routes reachable without credentials (health, login, the OpenAPI document). */
    public?: boolean;
  }
}
