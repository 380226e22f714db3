import { describe, expect, it } from 'vitest';
import { nextTickDelayMs } from './tick.ts';

describe('nextTickDelayMs', () => {
  const base = { now: 10_000, minMs: 50, maxMs: 1000 };
  it.each([
    ['nothing scheduled: the idle tick', null, 1000],
    ['due in 300 ms: wakes then', 10_300, 300],
    ['due in 5 s: the idle tick first', 15_000, 1000],
    ['overdue (still leased elsewhere): the floor', 9_000, 50],
    ['due right now: the floor', 10_000, 50],
    ['due in 10 ms: the floor', 10_010, 50],
  ])('%s', (_name, nextDueAt, expected) => {
    expect(nextTickDelayMs({ ...base, nextDueAt })).toBe(expected);
  });
});
