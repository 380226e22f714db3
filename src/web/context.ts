import type { Actor } from '../core/tickets/service.ts';
import type { Deps } from '../deps.ts';
import type { AgentPreferencesRow } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { Session } from './auth/sessions.ts';

export type AuthVia = 'session' | 'basic' | 'bearer';

export interface AppEnv {
  Variables: {
    deps: Deps;
    actor: Actor | null;
    session: Session | null;
    authVia: AuthVia | null;
    /** The language and time zone of this request (set by localeMiddleware). */
    locale: Locale;
    /** The signed-in agent's preferences row, null when none (set by localeMiddleware). */
    preferences: AgentPreferencesRow | null;
  };
}
