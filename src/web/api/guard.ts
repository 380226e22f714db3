import type { Context } from 'hono';
import { forbidden } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import type { Actor } from '../../core/tickets/service.ts';
import type { AppEnv } from '../context.ts';

/** The authenticated agent (requireAgentApi ran before every API route). */
export function actor(c: Context<AppEnv>): Actor {
  const a = c.get('actor');
  if (!a) throw new Error('requireAgentApi must run before API routes');
  return a;
}

export function adminActor(c: Context<AppEnv>): Actor {
  const a = actor(c);
  if (!a.admin) throw forbidden(t('api.adminOnly'));
  return a;
}
