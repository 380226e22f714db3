import { describe, expect, it } from 'vitest';
import { nextPollMs } from './pace.ts';

const limit = (remaining: number, resetMs: number) => ({ limit: 15, remaining, resetAt: new Date(resetMs).toISOString() });

describe('nextPollMs', () => {
  it.each([
    ['caught up: the interval', false, [limit(0, 5_000)], 60_000],
    ['catching up, room left: at once', true, [limit(9, 5_000)], 1_000],
    ['catching up, used up: at the reset', true, [limit(1, 5_000), limit(0, 9_000)], 5_000],
    ['catching up, a reset later than the interval: the interval', true, [limit(0, 900_000)], 60_000],
    ['catching up, a reset already past: at once', true, [limit(0, 500)], 1_000],
  ])('%s', (_, catchingUp, limits, expected) => {
    expect(nextPollMs(1_000, 59_000, catchingUp, limits)).toBe(expected);
  });
});
