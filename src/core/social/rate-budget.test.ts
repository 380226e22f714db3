import { describe, expect, it } from 'vitest';
import { availableCalls, createRateBudget, mergeRateState, nextAllowedAt } from './rate-budget.ts';

const at = (s: number) => new Date(s * 1000).toISOString();
const state = (remaining: number, resetS: number, limit = 15) => ({ limit, remaining, resetAt: at(resetS) });

describe('availableCalls', () => {
  it.each([
    ['nothing known', undefined, 100, 0, Number.POSITIVE_INFINITY],
    ['calls left in the window', state(5, 200), 100, 0, 5],
    ['calls left, one kept back', state(5, 200), 100, 1, 4],
    ['used up', state(0, 200), 100, 0, 0],
    ['used up, reserve never negative', state(0, 200), 100, 1, 0],
    ['the window is over: a fresh one', state(0, 200), 200, 0, 15],
    ['a fresh window, one kept back', state(0, 200), 300, 1, 14],
  ])('%s', (_, s, nowS, reserve, expected) => {
    expect(availableCalls(s, nowS * 1000, reserve)).toBe(expected);
  });
});

describe('mergeRateState', () => {
  it.each([
    ['first report', undefined, state(9, 100), state(9, 100)],
    ['a later window wins', state(2, 100), state(14, 200), state(14, 200)],
    ['an older window loses', state(14, 200), state(2, 100), state(14, 200)],
    ['same window: fewer left wins', state(9, 100), state(10, 100), state(9, 100)],
    ['same window: fewer left wins (in order)', state(10, 100), state(9, 100), state(9, 100)],
  ])('%s', (_, known, reported, expected) => {
    expect(mergeRateState(known, reported)).toEqual(expected);
  });
});

describe('nextAllowedAt', () => {
  it('is the reset when the window is used up, else now', () => {
    expect(nextAllowedAt(state(0, 200), 100_000)).toEqual(new Date(200_000));
    expect(nextAllowedAt(state(1, 200), 100_000)).toBeNull();
    expect(nextAllowedAt(state(0, 200), 200_000)).toBeNull();
    expect(nextAllowedAt(undefined, 0)).toBeNull();
  });
});

describe('createRateBudget', () => {
  it('answers per endpoint from what was recorded', () => {
    const budget = createRateBudget([['GET /2/dm_events', state(1, 200)]]);
    expect(budget.available('GET /2/dm_events', 100_000)).toBe(1);
    expect(budget.available('GET /2/dm_events', 100_000, 1)).toBe(0);
    expect(budget.available('POST /2/tweets', 100_000)).toBe(Number.POSITIVE_INFINITY);
    budget.record('GET /2/dm_events', state(0, 200));
    expect(budget.available('GET /2/dm_events', 100_000)).toBe(0);
    expect(budget.resetAt('GET /2/dm_events')).toEqual(new Date(200_000));
    expect(budget.resetAt('POST /2/tweets')).toBeNull();
  });
});
