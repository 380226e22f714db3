import { describe, expect, it } from 'vitest';
import { avatarDue, avatarSrc, inlineAvatar } from './avatars.ts';
import { imageTypeOf } from './magic.ts';

const row = (o: Partial<{ avatar_url: string | null; avatar_sha256: string | null; avatar_source: string | null }>) => ({ id: 7, avatar_url: null, avatar_sha256: null, avatar_source: null, ...o });

describe('avatarDue', () => {
  it.each([
    [{ avatar_url: 'https://pbs.twimg.com/a.jpg' }, true],
    [{ avatar_url: 'https://pbs.twimg.com/a.jpg', avatar_source: 'https://pbs.twimg.com/a.jpg' }, false],
    [{ avatar_url: 'https://pbs.twimg.com/b.jpg', avatar_source: 'https://pbs.twimg.com/a.jpg' }, true],
    [{ avatar_url: 'data:image/png;base64,AAAA' }, false],
    [{ avatar_url: 'javascript:alert(1)' }, false],
    [{ avatar_url: null }, false],
  ])('%j → %s', (o, want) => expect(avatarDue(row(o))).toBe(want));
});

describe('avatarSrc', () => {
  it.each([
    [row({ avatar_url: 'https://pbs.twimg.com/a.jpg', avatar_sha256: 'ab'.repeat(32) }), `/api/v1/avatars/7?v=${'ab'.repeat(8)}`],
    [row({ avatar_url: 'https://pbs.twimg.com/a.jpg' }), null],
    [row({ avatar_url: 'data:image/png;base64,AAAA' }), 'data:image/png;base64,AAAA'],
    [row({ avatar_url: 'data:text/html,<script>' }), null],
    [null, null],
  ])('%j → %s', (r, want) => expect(avatarSrc(r)).toBe(want));

  it('takes no inline picture larger than 64 KiB', () => expect(inlineAvatar(`data:image/png;base64,${'A'.repeat(70_000)}`)).toBe(false));
});

describe('imageTypeOf', () => {
  it.each([
    ['89504e470d0a1a0a', 'image/png'],
    ['ffd8ffe0', 'image/jpeg'],
    ['4749463839', 'image/gif'],
    ['52494646000000005745425056503820', 'image/webp'],
    ['3c737667', null],
    ['', null],
  ])('%s → %s', (hex, want) => expect(imageTypeOf(Buffer.from(hex, 'hex'))).toBe(want));
});
