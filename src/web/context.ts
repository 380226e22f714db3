import type { Actor } from '../core/tickets/service.ts';
import type { Deps } from '../deps.ts';
import type { Session } from './auth/sessions.ts';

export type AuthVia = 'session' | 'basic' | 'bearer';

export interface AppEnv {
  Variables: {
    deps: Deps;
    actor: Actor | null;
    session: Session | null;
    authVia: AuthVia | null;
  };
}
