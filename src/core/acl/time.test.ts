import { describe, expect, it } from 'vitest';
import { otrsTime } from './time.ts';

describe('otrsTime', () => {
  it.each([
    ['2020-11-05T10:57:35.000Z', '2020-11-05 10:57:35'],
    ['2020-11-05T11:57:35+01:00', '2020-11-05 10:57:35'],
  ])('%s → %s', (iso, otrs) => {
    expect(otrsTime(iso)).toBe(otrs);
  });

  it('refuses text that is not a time', () => {
    expect(() => otrsTime('yesterday')).toThrow('not a time: yesterday');
  });
});
