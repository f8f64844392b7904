import { UsageError } from './args.ts';
import { serve, serveUsage } from './commands/serve.ts';

type Command = { usage: string; run: (argv: string[]) => Promise<number> };

/** Commands by name; multi-word commands (`org create`) are keyed with a space. */
const commands: Record<string, Command> = {
  serve: { usage: serveUsage, run: serve },
};

function usage(): string {
  return ['Usage:', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`.trim();
  const [name, rest] = commands[two] ? [two, argv.slice(2)] : [argv[0]!, argv.slice(1)];
  const cmd = commands[name];
  if (!cmd) {
    console.error(`winpath: unknown command '${argv.join(' ')}'\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`winpath: ${err.message}\nUsage: ${cmd.usage}`);
      return 2;
    }
    const e = err as {
      code?: string;
      message?: string;
      extra?: { errors?: { path: string; message: string }[] };
    };
    const fields = e.extra?.errors?.map((f) => ` (${f.path}: ${f.message})`).join('') ?? '';
    console.error(`winpath: ${e.message ?? String(err)}${fields}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
