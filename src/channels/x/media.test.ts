import { describe, expect, it } from 'vitest';
import { checkMedia, mediaAttachments } from './media.ts';

const MB = 1024 * 1024;
const png = { contentType: 'image/png', size: MB };

describe("checkMedia: X's rules for one message", () => {
  it.each([
    ['tweet', [png], null],
    ['tweet', [png, png, png, png], null],
    ['tweet', [png, png, png, png, png], /up to four images/],
    ['tweet', [{ contentType: 'image/gif', size: MB }], null],
    ['tweet', [{ contentType: 'image/gif', size: MB }, png], /four images, or one GIF or video/],
    ['tweet', [{ contentType: 'video/mp4', size: 100 * MB }], null],
    ['tweet', [{ contentType: 'video/mp4', size: MB }, { contentType: 'video/mp4', size: MB }], /one GIF or video/],
    ['tweet', [{ contentType: 'image/png', size: 6 * MB }], /5 MB/],
    ['tweet', [{ contentType: 'image/gif', size: 16 * MB }], /15 MB/],
    ['tweet', [{ contentType: 'image/svg+xml', size: 10 }], /does not take files of type image\/svg\+xml/],
    ['dm', [png], null],
    ['dm', [png, png], /one file/],
    ['dm', [], null],
  ] as const)('%s %j → %s', (kind, files, expected) => {
    const result = checkMedia(kind, files);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
  });
});

describe('mediaAttachments', () => {
  it('keeps the photo, the best MP4 of a video, alt text and size; DM media remembers its event', () => {
    const media = [
      { media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/media/abc.jpg', width: 800, height: 600, alt_text: 'A box' },
      {
        media_key: '7_2',
        type: 'video',
        preview_image_url: 'https://pbs.twimg.com/thumb.jpg',
        variants: [
          { bit_rate: 256_000, content_type: 'video/mp4', url: 'https://video.twimg.com/low.mp4' },
          { content_type: 'application/x-mpegURL', url: 'https://video.twimg.com/pl.m3u8' },
          { bit_rate: 832_000, content_type: 'video/mp4', url: 'https://video.twimg.com/high.mp4' },
        ],
      },
    ];
    expect(mediaAttachments(['3_1', '7_2', '3_missing'], media)).toEqual([
      { key: '3_1', mediaType: 'photo', filename: 'abc.jpg', contentType: 'image/jpeg', altText: 'A box', width: 800, height: 600, source: { url: 'https://pbs.twimg.com/media/abc.jpg' } },
      { key: '7_2', mediaType: 'video', filename: 'high.mp4', contentType: 'video/mp4', altText: null, width: null, height: null, source: { url: 'https://video.twimg.com/high.mp4' } },
    ]);
    expect(mediaAttachments(['3_1'], media, '99')[0]!.source).toEqual({ url: 'https://pbs.twimg.com/media/abc.jpg', dmEventId: '99' });
  });
});
