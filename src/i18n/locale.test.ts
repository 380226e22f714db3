import { describe, expect, it } from 'vitest';
import { missingKeys } from './catalog.ts';
import { t, tIn, withLocale } from './locale.ts';

describe('t()', () => {
  it('answers in the current language, English outside any', () => {
    expect(t('common.state.open')).toBe('open');
    withLocale({ language: 'de' }, () => expect(t('common.state.open')).toBe('offen'));
    expect(tIn('de', 'common.state.closed successful')).toBe('erfolgreich geschlossen');
    expect(tIn('xx', 'common.state.open')).toBe('open');
  });

  it('fills placeholders and plurals, the same from the cache as the first time', () => {
    for (let i = 0; i < 2; i++) {
      withLocale({ language: 'de' }, () => expect(t('history.sendFailed', { network: 'Mastodon', error: 'HTTP 503' })).toBe('Senden an Mastodon fehlgeschlagen: HTTP 503'));
      expect(t('history.sendFailed', { network: 'X', error: 'HTTP 503' })).toBe('Sending to X failed: HTTP 503');
    }
  });

  it('answers an unknown key with the key and reports it', () => {
    missingKeys.clear();
    expect(t('no.such.key')).toBe('no.such.key');
    expect([...missingKeys]).toEqual(['no.such.key']);
  });
});
