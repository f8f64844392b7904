import { parseArgs } from 'node:util';

/** A usage error: the CLI prints it with the command's usage and exits with status 2. */
export class UsageError extends Error {}

export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; default?: string | boolean }
>;

export function parse<T extends OptionSpec>(argv: string[], options: T, positionals = 0) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length > positionals)
    throw new UsageError(`Unexpected argument: ${parsed.positionals[positionals]}`);
  return {
    values: parsed.values as {
      [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined;
    },
    positionals: parsed.positionals,
  };
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`Missing ${flag}`);
  return value;
}
