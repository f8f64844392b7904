import path from 'node:path';
import { z } from 'zod';

/** Everything Winpath reads from the environment, parsed once at boot. */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  WINPATH_DATA_DIR: z.string().min(1).optional(),
  /**
   * Server connections to PostgreSQL. Measured on 2 cores (`npm run bench -- api`): 10 serves more requests
   * with shorter tails than 20, whose extra backends only queue for the same CPUs; exports take at most
   * four of them at a time.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(6).max(500).default(10),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WINPATH_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export type Config = {
  databaseUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  secureCookies: boolean;
  version: string;
};

export const VERSION = '0.1.0';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.WINPATH_DATA_DIR ?? '.winpath'),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.WINPATH_SECURE_COOKIES,
    version: VERSION,
  };
}
