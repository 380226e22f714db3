import { UsageError } from './args.ts';

export async function aclCommand(positionals: string[], _options: Map<string, string | true>): Promise<number> {
  throw new UsageError(`Unknown acl command: ${positionals.join(' ')}`);
}
