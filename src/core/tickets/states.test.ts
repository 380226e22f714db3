import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { autoCloseTarget, planStateChange, stateTypeOf, STATE_NAMES } from './states.ts';

const NOW = '2026-11-25T12:00:00.000Z';
const LATER = '2026-11-26T12:00:00.000Z';

describe('states and state types', () => {
  it.each([
    ['new', 'new'],
    ['open', 'open'],
    ['closed successful', 'closed'],
    ['closed unsuccessful', 'closed'],
    ['pending reminder', 'pending reminder'],
    ['pending auto close+', 'pending auto'],
    ['pending auto close-', 'pending auto'],
    ['merged', 'merged'],
    ['removed', 'removed'],
  ] as const)('%s has type %s', (state, type) => {
    expect(stateTypeOf(state)).toBe(type);
  });

  it('knows exactly the nine OTRS states', () => {
    expect(STATE_NAMES).toHaveLength(9);
  });

  it('auto close leads to the closed states', () => {
    expect(autoCloseTarget('pending auto close+')).toBe('closed successful');
    expect(autoCloseTarget('pending auto close-')).toBe('closed unsuccessful');
    expect(autoCloseTarget('open')).toBeNull();
  });
});

describe('planStateChange', () => {
  it.each([
    ['new', 'open', null, { state: 'open', stateType: 'open', unlock: false, pendingUntil: null }],
    ['open', 'closed successful', null, { state: 'closed successful', stateType: 'closed', unlock: true, pendingUntil: null }],
    ['closed successful', 'open', null, { state: 'open', stateType: 'open', unlock: false, pendingUntil: null }],
    ['open', 'pending reminder', LATER, { state: 'pending reminder', stateType: 'pending reminder', unlock: false, pendingUntil: LATER }],
    ['open', 'pending auto close+', LATER, { state: 'pending auto close+', stateType: 'pending auto', unlock: false, pendingUntil: LATER }],
  ] as const)('%s → %s', (from, to, until, expected) => {
    expect(planStateChange(from, to, until, NOW)).toEqual(expected);
  });

  it.each([
    ['open', 'nonsense', null, 'state', /Unknown state/],
    ['open', 'merged', null, 'state', /cannot be set/],
    ['open', 'removed', null, 'state', /cannot be set/],
    ['open', 'new', null, 'state', /cannot be set/],
    ['open', 'open', null, 'state', /already/],
    ['open', 'pending reminder', null, 'pendingUntil', /needs/],
    ['open', 'pending reminder', '2020-01-01T00:00:00Z', 'pendingUntil', /future/],
    ['open', 'pending reminder', 'tomorrow', 'pendingUntil', /needs/],
  ] as const)('%s → %s is refused (%s)', (from, to, until, field, message) => {
    try {
      planStateChange(from, to, until, NOW);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).field).toBe(field);
      expect((e as AppError).message).toMatch(message);
    }
  });
});
