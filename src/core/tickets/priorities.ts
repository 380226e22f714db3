import { invalid } from '../errors.ts';
import { t } from '../../i18n/index.ts';

export const PRIORITIES = ['1 very low', '2 low', '3 normal', '4 high', '5 very high'] as const;
export type PriorityName = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY = 3;

export function priorityName(id: number): PriorityName {
  const name = PRIORITIES[id - 1];
  if (!name) throw new Error(`No priority ${id}`);
  return name;
}

/** Accepts the id (1–5) or the OTRS name ("3 normal"). */
export function parsePriority(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= PRIORITIES.length) return v;
  if (typeof v === 'string') {
    const i = PRIORITIES.indexOf(v as PriorityName);
    if (i >= 0) return i + 1;
  }
  throw invalid('priority', t('errors.priority.unknown', { priority: String(v), list: PRIORITIES.join(', ') }));
}
