// The adapters' text and media checks speak the reader's language (issue 13): the same checks,
// asked inside a German request, answer in German; outside one, in English as before.
import { describe, expect, it } from 'vitest';
import { withLocale } from '../i18n/index.ts';
import { summonedReplyTarget } from '../core/social/summoned.ts';
import { checkText as xText } from './x/text.ts';
import { checkMedia } from './x/media.ts';
import { checkText as mastodonText } from './mastodon/text.ts';
import { checkMastodonMedia } from './mastodon/media.ts';
import { checkText as blueskyText } from './bluesky/text.ts';
import { checkBlueskyMedia } from './bluesky/media.ts';

const de = <T>(fn: () => T): T => withLocale({ language: 'de' }, fn);
const MB = 1024 * 1024;

describe('checks in German', () => {
  it('X: text and media', () => {
    expect(de(() => xText('dm', 'x'.repeat(10_001)).message)).toBe('Die Direktnachricht ist 10.001 Zeichen lang; X erlaubt 10.000.');
    expect(xText('dm', 'x'.repeat(10_001)).message).toBe('The direct message is 10,001 characters long; X allows 10,000.');
    expect(de(() => xText('tweet', '').message)).toBe('Der Beitrag ist leer.');
    expect(de(() => checkMedia('tweet', [{ contentType: 'image/png', size: 6 * MB }]))).toBe('Das Bild ist 6,0 MB groß; X nimmt Bilder bis 5 MB an.');
    expect(checkMedia('tweet', [{ contentType: 'image/png', size: 6 * MB }])).toBe('The image is 6.0 MB; X takes images up to 5 MB.');
    expect(checkMedia('tweet', [{ contentType: 'image/gif', size: 16 * MB }])).toBe('The GIF is 16.0 MB; X takes GIFs up to 15 MB.');
    expect(de(() => checkMedia('dm', [{ contentType: 'image/png', size: 1 }, { contentType: 'image/png', size: 1 }]))).toBe('Eine Direktnachricht kann eine Datei mitnehmen.');
    expect(de(() => checkMedia('tweet', [{ contentType: '', size: 1 }]))).toBe('X nimmt keine Dateien unbekannten Typs an; senden Sie JPEG, PNG, WebP, GIF oder MP4.');
  });

  it('Mastodon and Bluesky: text and media', () => {
    expect(de(() => mastodonText('tweet', 'x'.repeat(501)).message)).toBe('Mastodon erlaubt auf diesem Server 500 Zeichen; dieser Text hat 501.');
    expect(de(() => blueskyText('dm', ' ').message)).toBe('Geben Sie einen Text ein.');
    expect(de(() => checkMastodonMedia('tweet', [{ contentType: 'video/mp4', size: 1 }, { contentType: 'image/png', size: 1 }]))).toBe('Ein Mastodon-Beitrag kann bis zu vier Bilder oder ein Video mitnehmen.');
    expect(de(() => checkBlueskyMedia('tweet', [{ contentType: 'image/png', size: 1_500_000 }]))).toBe('Das Bild ist 1,50 MB groß; Bluesky nimmt Bilder bis 1 MB (1.000.000 Bytes) an.');
    expect(checkBlueskyMedia('tweet', [{ contentType: 'image/png', size: 1_500_000 }])).toBe('The image is 1.50 MB; Bluesky takes images up to 1 MB (1,000,000 bytes).');
  });

  it('X: the summoned-reply refusals', () => {
    const posts = [{ externalId: '1', direction: 'incoming' as const, text: 'hello' }];
    expect(de(() => summonedReplyTarget(posts, 'acme'))).toMatchObject({ reason: 'not_summoned', message: expect.stringContaining('erwähnt @acme, und X erlaubt öffentliche Antworten nur auf solche Beiträge') });
    expect(summonedReplyTarget(posts, 'acme')).toMatchObject({ message: expect.stringMatching(/^No post by the customer in this conversation @mentions @acme, and X/) });
    expect(de(() => summonedReplyTarget([], 'acme'))).toMatchObject({ reason: 'no_post', message: expect.stringContaining('senden Sie stattdessen eine Direktnachricht') });
  });
});
