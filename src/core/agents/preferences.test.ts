import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY } from '../notifications/types.ts';
import { checkLanguage, checkNewPassword, checkQueueIds, checkSignature, checkTimeZone, isTimeZone, mergeNotify, withSignature } from './preferences.ts';

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { field?: string }).field;
  }
  return undefined;
};

describe('preferences', () => {
  const zones: [string, boolean][] = [
    ['Europe/Berlin', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['', false],
    ['Europe/Berlin; drop', false],
  ];
  for (const [zone, ok] of zones) it(`time zone ${JSON.stringify(zone)} is ${ok ? 'valid' : 'refused'}`, () => expect(isTimeZone(zone)).toBe(ok));

  it('names the field of every refusal', () => {
    expect(fieldOf(() => checkLanguage('fr'))).toBe('language');
    expect(fieldOf(() => checkTimeZone('Nowhere/City'))).toBe('timeZone');
    expect(fieldOf(() => checkSignature('x'.repeat(501)))).toBe('dmSignature');
    expect(fieldOf(() => checkQueueIds([1, 'two']))).toBe('myQueueIds');
    expect(fieldOf(() => mergeNotify(DEFAULT_NOTIFY, { bogus: { web: true } }))).toBe('notifications.bogus');
    expect(fieldOf(() => mergeNotify(DEFAULT_NOTIFY, { moved: { web: 'yes' } }))).toBe('notifications.moved.web');
    expect(fieldOf(() => checkNewPassword('long-enough-1', ''))).toBe('currentPassword');
    expect(fieldOf(() => checkNewPassword('short', 'old-password'))).toBe('password');
  });

  it('accepts and normalizes', () => {
    expect(checkLanguage('de')).toBe('de');
    expect(checkLanguage(null)).toBeNull();
    expect(checkSignature('  Anna\r\nParley support  ')).toBe('Anna\nParley support');
    expect(checkSignature('   ')).toBeNull();
    expect(checkQueueIds([3, 1, 3])).toEqual([1, 3]);
    expect(mergeNotify(DEFAULT_NOTIFY, { newTicket: { email: true } }).newTicket).toEqual({ web: true, email: true });
    expect(withSignature('Hello', 'Anna')).toBe('Hello\n\nAnna');
    expect(withSignature('Hello', null)).toBe('Hello');
  });
});
