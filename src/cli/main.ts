import { loadConfig } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { saveAgent } from '../core/agents/service.ts';
import { findAgentByLogin } from '../db/repos/agents.ts';
import { createLogger } from '../lib/logger.ts';
import { runServer } from '../main.ts';
import { startRuntime } from '../runtime.ts';
import { aclCommand } from './acl.ts';
import { parseArgs, readStdin, requireOption, UsageError } from './args.ts';
import { createApiToken } from './tokens.ts';

const USAGE = `Usage: parley <command>

  migrate                          apply database migrations and create the default data
  web                              serve the web UI and the REST API (no worker)
  worker                           run the worker (polling profiles, delivering the outbox)
  token create --user LOGIN [--name NAME]
                                   create an API token (printed once) for Bearer authentication
  user password --user LOGIN       set an agent's password (read from stdin)
  acl eval                         evaluate ACLs: JSON on stdin, JSON on stdout (no database)
  acl import FILE [--overwrite] [--user LOGIN]
                                   import ACLs from an OTRS YAML export (as drafts)
  acl export [--name NAME]         print the ACLs as OTRS YAML
  acl deploy [--user LOGIN]        put the current ACLs into effect

The environment is the server's: DATABASE_URL, PARLEY_SECRET_KEY, PARLEY_X_API_URL, ...`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { positionals, options } = parseArgs(rest);
  switch (command) {
    case 'web':
      await runServer({ web: true, worker: false });
      return -1;
    case 'worker':
      await runServer({ web: false, worker: true });
      return -1;
    case 'acl':
      return aclCommand(positionals, options);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
  }
  const runtime = await startRuntime(loadConfig(), { logger: createLogger('warn'), quiet: true });
  try {
    const { db } = runtime.deps;
    if (command === 'migrate') {
      process.stdout.write('Database is up to date.\n');
      return 0;
    }
    if (command === 'token' && positionals[0] === 'create') {
      const token = await createApiToken(db, requireOption(options, 'user'), typeof options.get('name') === 'string' ? (options.get('name') as string) : 'cli');
      process.stdout.write(`${token}\n`);
      return 0;
    }
    if (command === 'user' && positionals[0] === 'password') {
      const login = requireOption(options, 'user');
      const agent = await findAgentByLogin(db, login);
      if (!agent) throw new UsageError(`No agent "${login}".`);
      const password = (await readStdin()).replace(/\r?\n$/, '');
      await saveAgent(db, 1, agent.id, { password });
      process.stdout.write(`Password of ${login} changed.\n`);
      return 0;
    }
    throw new UsageError(`Unknown command: ${argv.join(' ')}`);
  } finally {
    await runtime.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    if (err instanceof AppError) {
      process.stderr.write(`${err.field ? `${err.field}: ` : ''}${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
