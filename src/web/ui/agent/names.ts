import { SYSTEM_USER_ID } from '../../../core/tickets/service.ts';
import { t } from '../../../i18n/index.ts';

// How owners and history name an agent: "Anna Schmidt (anna)", and "System" for user 1, whom
// ingestion, auto close and follow-ups act as (OTRS's system user).

export function agentLabel(a: { id: number; login: string; first_name: string; last_name: string }): string {
  if (a.id === SYSTEM_USER_ID) return t('agent.system');
  const name = [a.first_name, a.last_name].map((s) => s.trim()).filter(Boolean).join(' ');
  return name ? `${name} (${a.login})` : a.login;
}
