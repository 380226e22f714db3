import { describe, expect, it } from 'vitest';
import { withLocale } from '../../../i18n/index.ts';
import { pendingDefault } from './bits.tsx';
import { pendingUntilFrom } from './zoom-actions.ts';

describe('pending until, in whose time', () => {
  it("is the agent's own zone when they chose one, whatever the browser's offset", () => {
    withLocale({ language: 'de', timeZone: 'Europe/Berlin' }, () => expect(pendingUntilFrom('2099-01-05T08:30', '0')).toBe('2099-01-05T07:30:00.000Z'));
  });

  it("is the browser's clock without a zone of their own (the offset the form sends)", () => {
    withLocale({ language: 'en' }, () => expect(pendingUntilFrom('2099-01-05T08:30', '-60')).toBe('2099-01-05T07:30:00.000Z'));
  });

  it('is proposed by the server only for an agent with a zone', () => {
    const now = Date.parse('2026-12-01T17:10:00Z');
    withLocale({ language: 'de', timeZone: 'Europe/Berlin' }, () => expect(pendingDefault(now)).toBe('2026-12-02T18:10'));
    withLocale({ language: 'de' }, () => expect(pendingDefault(now)).toBeUndefined());
  });
});
