import type { FC } from 'hono/jsx';
import { profileBilling } from '../../../core/billing/status.ts';
import { ACTIONS } from '../../../core/options/actions.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import { clockOf, type Deps } from '../../../deps.ts';
import { formatDateTime, t } from '../../../i18n/index.ts';
import { profileOptions } from './options.ts';

// An agent must know when a profile they answer from has stopped reading X: new messages to it
// are not coming in until the budget allows again.

export interface PausedProfile {
  name: string;
  resumesAt: string;
}

export async function pausedProfiles(deps: Deps, actor: Actor): Promise<PausedProfile[]> {
  const usable = await profileOptions(deps, actor, null, ACTIONS.reply);
  if (usable.length === 0) return [];
  const billing = await profileBilling(deps.db, usable.map((o) => o.profile.id), clockOf(deps));
  return usable.flatMap((o) => {
    const reading = billing.get(o.profile.id)?.reading;
    return reading?.paused ? [{ name: o.label, resumesAt: reading.resumesAt }] : [];
  });
}

export const PausedProfiles: FC<{ paused: readonly PausedProfile[] }> = ({ paused }) =>
  paused.length ? (
    <div class="flash warn budget-paused wide-widget" role="status">
      {paused.map((p) => (
        <p>
          <strong>{p.name}</strong>: {t('agent.paused.text', { until: formatDateTime(p.resumesAt) })}
        </p>
      ))}
    </div>
  ) : null;
