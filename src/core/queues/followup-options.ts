import { invalid } from '../errors.ts';
import { t } from '../../i18n/index.ts';

// The queue's follow-up option, as OTRS names them: possible (1), reject (2), new ticket (3).
export const FOLLOW_UP_OPTIONS = ['possible', 'reject', 'new_ticket'] as const;
export type FollowUpOption = (typeof FOLLOW_UP_OPTIONS)[number];

export const FOLLOW_UP_LABELS: Record<FollowUpOption, string> = {
  possible: 'possible',
  reject: 'reject',
  new_ticket: 'new ticket',
};

export function parseFollowUp(v: unknown): FollowUpOption {
  if (typeof v === 'string' && (FOLLOW_UP_OPTIONS as readonly string[]).includes(v)) return v as FollowUpOption;
  throw invalid('followUp', t('validation.followUp', { list: FOLLOW_UP_OPTIONS.join(', ') }));
}
