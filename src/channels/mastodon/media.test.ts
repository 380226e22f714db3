import { describe, expect, it } from 'vitest';
import { imageSize, mediaUrl } from '../media-http.ts';
import { gradientPng } from '../../../sim/common/png.ts';
import { checkBlueskyMedia, parseBlobSource, blobSource, pdsOf } from '../bluesky/media.ts';
import { checkMastodonMedia, mediaAttachments, mediaConfigOf } from './media.ts';

describe('fediverse media addresses', () => {
  it('fetches over https from public hosts, plain http only from the profile\'s own server', () => {
    expect(mediaUrl('https://files.mastodon.social/a/b.png', 'Mastodon', []).host).toBe('files.mastodon.social');
    expect(mediaUrl('http://127.0.0.1:4200/system/x.png', 'Mastodon', ['http://127.0.0.1:4200']).port).toBe('4200');
    for (const bad of ['http://files.example/a.png', 'https://127.0.0.1/a.png', 'https://10.1.2.3/a', 'https://[::1]/a', 'https://localhost/a', 'https://user:pw@files.example/a', 'not a url']) {
      expect(() => mediaUrl(bad, 'Mastodon', ['http://127.0.0.1:4200'])).toThrow();
    }
  });
  it('reads the size of PNG and GIF headers', () => {
    expect(imageSize(gradientPng(7, 3, [1, 2, 3]))).toEqual({ width: 7, height: 3 });
    expect(imageSize(Buffer.from('GIF89a\x05\x00\x02\x00', 'latin1'))).toEqual({ width: 5, height: 2 });
    expect(imageSize(Buffer.from('nothing'))).toBeNull();
  });
});

describe('Mastodon media rules', () => {
  const MB = 1024 * 1024;
  it('refuses more than four files, a video beside images, unknown types and oversized files', () => {
    const img = { contentType: 'image/png', size: 1000 };
    expect(checkMastodonMedia('tweet', [img, img, img, img])).toBeNull();
    expect(checkMastodonMedia('tweet', [img, img, img, img, img])).toMatch(/up to 4 files/);
    expect(checkMastodonMedia('dm', [img, { contentType: 'video/mp4', size: 10 }])).toBe('A Mastodon post can carry up to four images, or one video.');
    expect(checkMastodonMedia('tweet', [{ contentType: 'application/pdf', size: 10 }])).toMatch(/application\/pdf/);
    expect(checkMastodonMedia('tweet', [{ contentType: 'image/jpeg', size: 17 * MB }])).toMatch(/up to 16 MB/);
    expect(checkMastodonMedia('tweet', [{ contentType: 'video/mp4', size: 98 * MB }])).toBeNull();
    const small = mediaConfigOf({ configuration: { statuses: { max_media_attachments: 2 }, media_attachments: { image_size_limit: MB, supported_mime_types: ['image/png'] } } });
    expect(checkMastodonMedia('tweet', [{ contentType: 'image/jpeg', size: 10 }], small)).toMatch(/image\/jpeg/);
    expect(checkMastodonMedia('tweet', [{ contentType: 'image/png', size: 2 * MB }], small)).toMatch(/up to 1 MB/);
  });
  it('maps media_attachments, preferring the server\'s own copy', () => {
    expect(mediaAttachments([{ id: '9', type: 'gifv', url: null, remote_url: 'https://other.example/x.mp4', description: ' moving ', meta: { original: { width: 4, height: 3 } } }, { id: '10', type: 'image', url: null }])).toEqual([
      { key: '9', mediaType: 'animated_gif', filename: 'x.mp4', contentType: 'video/mp4', altText: 'moving', width: 4, height: 3, source: { url: 'https://other.example/x.mp4' } },
    ]);
  });
});

describe('Bluesky media rules', () => {
  it('takes up to four images of 1,000,000 bytes in a post, nothing in a chat message', () => {
    const img = { contentType: 'image/webp', size: 1_000_000 };
    expect(checkBlueskyMedia('tweet', [img, img, img, img])).toBeNull();
    expect(checkBlueskyMedia('tweet', [img, img, img, img, img])).toMatch(/up to 4 images/);
    expect(checkBlueskyMedia('tweet', [{ contentType: 'image/png', size: 1_000_001 }])).toMatch(/1,000,000 bytes/);
    expect(checkBlueskyMedia('tweet', [{ contentType: 'video/mp4', size: 10 }])).toMatch(/only images/);
    expect(checkBlueskyMedia('dm', [{ contentType: 'image/png', size: 10 }])).toMatch(/chat messages cannot carry/);
  });
  it('names a blob by DID and CID, and finds the PDS in a DID document', () => {
    expect(parseBlobSource(blobSource('did:plc:abc', 'bafkreiabcdefgh'))).toEqual({ did: 'did:plc:abc', cid: 'bafkreiabcdefgh' });
    expect(parseBlobSource('https://cdn.bsky.app/x')).toBeNull();
    expect(pdsOf({ service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'https://pds.example' }] }, 'did:plc:abc')).toBe('https://pds.example');
    expect(pdsOf({ service: [{ id: '#other', type: 'X', serviceEndpoint: 'https://x' }] }, 'did:plc:abc')).toBeNull();
  });
});
