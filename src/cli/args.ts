/** `--name value`, `--name=value` and `--flag` into a map; the rest are positionals. */
export function parseArgs(argv: readonly string[]): { positionals: string[]; options: Map<string, string | true> } {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      options.set(a.slice(2, eq), a.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      options.set(a.slice(2), argv[++i]!);
    } else {
      options.set(a.slice(2), true);
    }
  }
  return { positionals, options };
}

import { t } from '../i18n/index.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function requireOption(options: Map<string, string | true>, name: string): string {
  const v = options.get(name);
  if (typeof v !== 'string' || v === '') throw new UsageError(t('cli.optionRequired', { option: `--${name}` }));
  return v;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
