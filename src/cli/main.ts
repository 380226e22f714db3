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
import { cliLanguage } from './locale.ts';
import { t, withLocale } from '../i18n/index.ts';

// Commands and options are the same in every language; what they do is told in the reader's.
function usage(): string {
  const line = (command: string, what: string) => (command.length < 33 ? `  ${command.padEnd(33)}${what}` : `  ${command}\n${' '.repeat(35)}${what}`);
  return [
    t('cli.usage.title'),
    '',
    line('migrate', t('cli.usage.migrate')),
    line('web', t('cli.usage.web')),
    line('worker', t('cli.usage.worker')),
    line('token create --user LOGIN [--name NAME]', t('cli.usage.tokenCreate')),
    line('user password --user LOGIN', t('cli.usage.userPassword')),
    line('acl eval', t('cli.usage.aclEval')),
    line('acl import FILE [--overwrite] [--user LOGIN]', t('cli.usage.aclImport')),
    line('acl export [--name NAME]', t('cli.usage.aclExport')),
    line('acl deploy [--user LOGIN]', t('cli.usage.aclDeploy')),
    '',
    t('cli.usage.environment'),
  ].join('\n');
}

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
      process.stdout.write(`${usage()}\n`);
      return command === undefined ? 2 : 0;
  }
  const runtime = await startRuntime(loadConfig(), { logger: createLogger('warn'), quiet: true });
  try {
    const { db } = runtime.deps;
    if (command === 'migrate') {
      process.stdout.write(`${t('cli.migrated')}\n`);
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
      if (!agent) throw new UsageError(t('cli.noAgent', { login }));
      const password = (await readStdin()).replace(/\r?\n$/, '');
      await saveAgent(db, 1, agent.id, { password });
      process.stdout.write(`${t('cli.passwordChanged', { login })}\n`);
      return 0;
    }
    throw new UsageError(t('cli.unknownCommand', { command: argv.join(' ') }));
  } finally {
    await runtime.close();
  }
}

// Everything the CLI says to people is in the language of the shell (LC_ALL, LC_MESSAGES, LANG).
withLocale({ language: cliLanguage() }, () =>
  run(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n\n${usage()}\n`);
        process.exit(2);
      }
      if (err instanceof AppError) {
        process.stderr.write(`${err.field ? `${err.field}: ` : ''}${err.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  ),
);
