import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { AclImportError, deployAcls, exportAcls, importAcls, type AclAuthor } from '../core/acl-admin/index.ts';
import { runAclEval } from '../core/acl/index.ts';
import { notFound } from '../core/errors.ts';
import { findAgentByLogin } from '../db/repos/agents.ts';
import type { Db } from '../db/schema.ts';
import { ROOT_LOGIN } from '../db/seed.ts';
import { createLogger } from '../lib/logger.ts';
import { startRuntime } from '../runtime.ts';
import { readStdin, UsageError } from './args.ts';
import { t } from '../i18n/index.ts';

// `parley acl eval|import|export|deploy`. eval needs no database: JSON on stdin, JSON on stdout.
// The others act as an administrator would in AdminACL (audit fields name --user, default root).
// Exit codes: 0 done, 1 refused (bad file, unknown ACL, …), 2 wrong usage.

type Options = Map<string, string | true>;

const ALLOWED: Record<string, readonly string[]> = {
  eval: [],
  import: ['overwrite', 'user'],
  export: ['name'],
  deploy: ['user'],
};

export async function aclCommand(positionals: string[], options: Options): Promise<number> {
  const [sub, ...args] = positionals;
  const allowed = sub !== undefined ? ALLOWED[sub] : undefined;
  if (!allowed) throw new UsageError(sub === undefined ? t('cli.acl.needsCommand') : t('cli.acl.unknownCommand', { command: sub }));
  for (const k of options.keys()) if (!allowed.includes(k)) throw new UsageError(t('cli.acl.noSuchOption', { command: `acl ${sub}`, option: `--${k}` }));

  if (sub === 'eval') {
    if (args.length) throw new UsageError(t('cli.acl.evalNoArguments'));
    process.stdout.write(`${runAclEval(await readStdin())}\n`);
    return 0;
  }
  if (sub === 'import') {
    const { file, overwrite } = importArgs(args, options.get('overwrite'));
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      process.stderr.write(`${t('cli.acl.cannotRead', { file, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? t('cli.acl.noSuchFile') : (e as Error).message })}\n`);
      return 1;
    }
    return withDb(async (db) => {
      try {
        const result = await importAcls(db, await author(db, options), text, { overwrite });
        process.stdout.write(`${summary(t('cli.acl.added'), result.added)}${summary(t('cli.acl.updated'), result.updated)}`);
        if (!result.added.length && !result.updated.length) process.stdout.write(`${t('cli.acl.emptyFile')}\n`);
        else process.stdout.write(`${t('cli.acl.importedAsDrafts')}\n`);
        return 0;
      } catch (e) {
        if (!(e instanceof AclImportError)) throw e;
        process.stderr.write(`${e.message}\n${t('cli.acl.nothingImported')}\n`);
        return 1;
      }
    });
  }
  if (args.length) throw new UsageError(t('cli.acl.noArguments', { command: `acl ${sub}` }));
  if (sub === 'export') {
    const name = options.get('name');
    if (name === true) throw new UsageError(t('cli.acl.nameNeedsValue'));
    return withDb(async (db) => {
      process.stdout.write(await exportAcls(db, name));
      return 0;
    });
  }
  return withDb(async (db) => {
    const d = await deployAcls(db, await author(db, options));
    process.stdout.write(`${d.names.length ? t('cli.acl.deployed', { count: d.names.length, names: d.names.join(', ') }) : t('cli.acl.deployedNone')}\n`);
    return 0;
  });
}

/** `--overwrite FILE` reads as an option with a value; take FILE back as the file. */
function importArgs(args: string[], flag: string | true | undefined): { file: string; overwrite: boolean } {
  const files = [...args];
  let overwrite = false;
  if (flag === true || flag === 'true' || flag === '1') overwrite = true;
  else if (typeof flag === 'string' && flag !== 'false' && flag !== '0') {
    files.push(flag);
    overwrite = true;
  }
  if (files.length !== 1) throw new UsageError(t('cli.acl.importNeedsFile'));
  return { file: files[0]!, overwrite };
}

function summary(label: string, names: readonly string[]): string {
  return names.length ? `${label} (${names.length}): ${names.join(', ')}\n` : '';
}

async function author(db: Db, options: Options): Promise<AclAuthor> {
  const user = options.get('user');
  if (user === true) throw new UsageError(t('cli.acl.userNeedsValue'));
  const login = user ?? ROOT_LOGIN;
  if (!(await findAgentByLogin(db, login))) throw notFound(t('errors.noun.agentLogin', { login }), 'user');
  return { login };
}

async function withDb(fn: (db: Db) => Promise<number>): Promise<number> {
  const runtime = await startRuntime(loadConfig(), { logger: createLogger('warn'), quiet: true });
  try {
    return await fn(runtime.deps.db);
  } finally {
    await runtime.close();
  }
}
