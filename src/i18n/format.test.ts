import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatRelative, localInputValue, zonedToUtc } from './format.ts';
import { withLocale } from './locale.ts';

const at = '2026-12-01T17:10:00.000Z';
const now = Date.parse(at);

describe('dates and numbers per language and time zone', () => {
  it.each([
    ['de', 'Europe/Berlin', '01.12.2026 18:10', '01.12.2026'],
    ['en', 'Europe/Berlin', '01/12/2026 18:10', '01/12/2026'],
    ['de', 'America/New_York', '01.12.2026 12:10', '01.12.2026'],
    ['de', 'Asia/Tokyo', '02.12.2026 02:10', '02.12.2026'],
  ])('%s in %s', (language, timeZone, dateTime, date) => {
    withLocale({ language, timeZone }, () => {
      expect(formatDateTime(at)).toBe(dateTime);
      expect(formatDate(at)).toBe(date);
    });
  });

  it.each([
    ['de', -2 * 60_000, 'vor 2 Min.'],
    ['en', -2 * 60_000, '2 min ago'],
    ['de', -3 * 86_400_000, 'vor 3 Tagen'],
    ['de', -10_000, 'jetzt'],
    ['en', 5 * 3_600_000, 'in 5 hr'],
  ])('%s: %d ms from now → %s', (language, delta, want) => {
    withLocale({ language }, () => expect(formatRelative(now + delta, now)).toBe(want));
  });

  it('writes numbers with the language separators', () => {
    withLocale({ language: 'de' }, () => expect(formatNumber(12345.5)).toBe('12.345,5'));
    withLocale({ language: 'en' }, () => expect(formatNumber(12345.5)).toBe('12,345.5'));
  });

  it('gives a datetime-local value in the reader zone', () => {
    withLocale({ language: 'de', timeZone: 'Europe/Berlin' }, () => expect(localInputValue(at)).toBe('2026-12-01T18:10'));
  });

  it('leaves a value that is no date as it is', () => {
    withLocale({ language: 'de' }, () => expect(formatDateTime('not a date')).toBe('not a date'));
  });
});

describe('zonedToUtc', () => {
  it.each([
    ['2026-12-01T18:10', 'Europe/Berlin', '2026-12-01T17:10:00.000Z'],
    ['2026-07-01T18:10', 'Europe/Berlin', '2026-07-01T16:10:00.000Z'],
    ['2026-12-01T18:10', 'America/New_York', '2026-12-01T23:10:00.000Z'],
    ['2026-03-29T03:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-12-01T18:10', 'UTC', '2026-12-01T18:10:00.000Z'],
  ])('%s in %s is %s', (wall, zone, want) => expect(zonedToUtc(wall, zone)).toBe(want));

  it('goes back and forth with localInputValue', () => {
    withLocale({ language: 'de', timeZone: 'Asia/Kolkata' }, () => expect(localInputValue(zonedToUtc('2026-12-24T09:45', 'Asia/Kolkata'))).toBe('2026-12-24T09:45'));
  });
});
