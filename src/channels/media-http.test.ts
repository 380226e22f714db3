import { describe, expect, it } from 'vitest';
import { fetchMedia, mediaUrl } from './media-http.ts';

const limits = { maxBytes: 1024, timeoutMs: 2000 };

describe('media addresses', () => {
  it.each([
    ['http://files.example/a.png', /only over https/],
    ['https://127.0.0.1/a.png', /private address/],
    ['https://[::1]/a.png', /private address/],
    ['https://10.1.2.3/a.png', /private address/],
    ['https://intranet.localhost/a.png', /private address/],
    ['https://user:pw@files.example/a.png', /user name/],
    ['not a url', /not a URL/],
  ])('refuses %s', (raw, why) => {
    expect(() => mediaUrl(raw, 'Mastodon', [])).toThrow(why);
  });

  it("fetches anything at the profile's own server", () => {
    expect(mediaUrl('http://127.0.0.1:4000/a.png', 'Mastodon', ['http://127.0.0.1:4000']).href).toBe('http://127.0.0.1:4000/a.png');
  });
});

describe('fetchMedia', () => {
  it.each([['10.0.0.5'], ['127.0.0.1'], ['::1'], ['fd00::1'], ['169.254.169.254']])('refuses a public name that resolves to %s, without connecting', async (address) => {
    const url = mediaUrl('https://files.example/a.png', 'Mastodon', []);
    await expect(fetchMedia({ network: 'Mastodon', url, endpoint: 'GET media', limits, resolve: async () => ['93.184.216.34', address] })).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining(`(${address})`),
    });
  });

  it('goes on to the host when every address is public (here it cannot be reached: transient)', async () => {
    const url = mediaUrl('https://files.invalid/a.png', 'Mastodon', []);
    await expect(fetchMedia({ network: 'Mastodon', url, endpoint: 'GET media', limits, resolve: async () => ['93.184.216.34'] })).rejects.toMatchObject({ kind: 'transient' });
  });
});
