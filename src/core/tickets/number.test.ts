import { describe, expect, it } from 'vitest';
import { checksumDigit, formatTicketNumber, isValidTicketNumber, ticketNumberDay } from './number.ts';

describe('OTRS DateChecksum ticket numbers', () => {
  it.each([
    ['20261125', '10', 1, '2026112510000017'],
    ['20201105', '10', 42, `2020110510000420`.slice(0, 15) + checksumDigit('202011051000042')],
    ['20261125', '10', 123456, '2026112510123456' + checksumDigit('2026112510123456')],
  ])('day %s system %s counter %d → %s', (day, sys, n, expected) => {
    expect(formatTicketNumber(day, sys, n)).toBe(expected);
  });

  it('computes the check digit with alternating weights 1,2 and maps 10 to 1', () => {
    // 2·1+0·2+2·1+6·2+1·1+1·2+2·1+5·2+1·1+0+0+0+0+0+1·1 = 33 → 10 − 3 = 7
    expect(checksumDigit('202611251000001')).toBe(7);
    // a sum that is a multiple of 10 gives 10, which OTRS writes as 1
    expect(checksumDigit('43')).toBe(1); // 4·1 + 3·2 = 10
  });

  it('validates numbers by their check digit', () => {
    expect(isValidTicketNumber('2026112510000017')).toBe(true);
    expect(isValidTicketNumber('2026112510000018')).toBe(false);
    expect(isValidTicketNumber('123')).toBe(false);
  });

  it('takes the UTC day', () => {
    expect(ticketNumberDay(new Date('2026-11-25T23:59:59Z'))).toBe('20261125');
  });

  it('refuses a bad counter', () => {
    expect(() => formatTicketNumber('20261125', '10', 0)).toThrow();
  });
});
