import { notFound } from '../core/errors.ts';
import { t } from '../i18n/index.ts';
import { findAgentByLogin } from '../db/repos/agents.ts';
import type { Db } from '../db/schema.ts';
import { nowIso } from '../core/time.ts';
import { generateToken, hashToken } from '../lib/passwords.ts';

/** Creates an API token for an agent; only its hash is stored, so it is shown once. */
export async function createApiToken(db: Db, login: string, name = 'cli'): Promise<string> {
  const agent = await findAgentByLogin(db, login);
  if (!agent) throw notFound(t('errors.noun.agentLogin', { login }), 'user');
  const token = generateToken('pat');
  await db.insertInto('api_tokens').values({ agent_id: agent.id, name, token_hash: hashToken(token), created_at: nowIso(), last_used_at: null }).execute();
  return token;
}
