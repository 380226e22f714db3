import { describe, expect, it } from 'vitest';
import { withLocale } from '../../i18n/index.ts';
import { localMessage } from './message.ts';

describe('localMessage', () => {
  it('renders a stored key with its values in the reader language', () => {
    withLocale({ language: 'de' }, () => expect(localMessage('history.sendFailed', JSON.stringify({ network: 'X', error: 'HTTP 503' }), 'Sending to X failed: HTTP 503')).toBe('Senden an X fehlgeschlagen: HTTP 503'));
  });

  it.each([
    ['no key', null, null],
    ['an unknown key', 'history.noSuchLine', '{}'],
    ['values that are not JSON', 'history.sendFailed', '{not json'],
    ['a placeholder without a value', 'history.sendFailed', JSON.stringify({ network: 'X' })],
  ])('falls back to the stored text for %s', (_what, key, params) => {
    withLocale({ language: 'de' }, () => expect(localMessage(key, params, 'stored text')).toBe('stored text'));
  });
});
