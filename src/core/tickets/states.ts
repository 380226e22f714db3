import { invalid } from '../errors.ts';
import { t } from '../../i18n/index.ts';

// OTRS's default states and their state types. The names are the API's contract.

export const STATE_TYPES = ['new', 'open', 'closed', 'pending reminder', 'pending auto', 'merged', 'removed'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export const STATES = {
  new: 'new',
  open: 'open',
  'closed successful': 'closed',
  'closed unsuccessful': 'closed',
  'pending reminder': 'pending reminder',
  'pending auto close+': 'pending auto',
  'pending auto close-': 'pending auto',
  merged: 'merged',
  removed: 'removed',
} as const satisfies Record<string, StateType>;

export type StateName = keyof typeof STATES;
export const STATE_NAMES = Object.keys(STATES) as StateName[];

/** States an agent may choose; `new` only exists before the first change, `merged` and `removed` come from other operations. */
export const AGENT_STATES: readonly StateName[] = [
  'open',
  'closed successful',
  'closed unsuccessful',
  'pending reminder',
  'pending auto close+',
  'pending auto close-',
];

export function isStateName(v: unknown): v is StateName {
  return typeof v === 'string' && Object.hasOwn(STATES, v);
}

export function stateTypeOf(state: StateName): StateType {
  return STATES[state];
}

export function isPending(type: StateType): boolean {
  return type === 'pending reminder' || type === 'pending auto';
}

/** Where a pending auto state leads once its time has come. */
export function autoCloseTarget(state: StateName): StateName | null {
  if (state === 'pending auto close+') return 'closed successful';
  if (state === 'pending auto close-') return 'closed unsuccessful';
  return null;
}

export interface StateChange {
  state: StateName;
  stateType: StateType;
  pendingUntil: string | null;
  /** Closing a ticket unlocks it, as OTRS does. */
  unlock: boolean;
}

/**
 * Checks an agent's state change. Pending states need a time in the future; merged and removed
 * cannot be chosen; the state a ticket is already in is refused so no empty history entry is written.
 */
export function planStateChange(current: StateName, next: unknown, pendingUntil: string | null | undefined, now: string): StateChange {
  if (!isStateName(next)) {
    throw invalid('state', t('errors.state.unknown', { state: String(next), list: STATE_NAMES.join(', ') }));
  }
  if (!AGENT_STATES.includes(next)) {
    throw invalid('state', t('errors.state.notSettable', { state: next }));
  }
  const type = stateTypeOf(next);
  let until: string | null = null;
  if (isPending(type)) {
    if (!pendingUntil || Number.isNaN(Date.parse(pendingUntil))) {
      throw invalid('pendingUntil', t('errors.state.pendingNeedsTime'));
    }
    until = new Date(pendingUntil).toISOString();
    if (until <= now) throw invalid('pendingUntil', t('errors.state.pendingInPast'));
  }
  if (next === current && !isPending(type)) {
    throw invalid('state', t('errors.state.already', { state: next }));
  }
  return { state: next, stateType: type, pendingUntil: until, unlock: type === 'closed' };
}
