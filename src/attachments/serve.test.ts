import { describe, expect, it } from 'vitest';
import { storedType } from './downloads.ts';
import { dispositionOf } from './serve.ts';

describe('dispositionOf', () => {
  it.each([
    ['image/png', 'a.png', 'inline; filename="a.png"; filename*=UTF-8\'\'a.png'],
    ['image/webp', 'a.webp', 'inline; filename="a.webp"; filename*=UTF-8\'\'a.webp'],
    ['image/svg+xml', 'x.svg', 'attachment; filename="x.svg"; filename*=UTF-8\'\'x.svg'],
    ['text/html', 'mail.html', 'attachment; filename="mail.html"; filename*=UTF-8\'\'mail.html'],
    ['video/mp4', 'v.mp4', 'attachment; filename="v.mp4"; filename*=UTF-8\'\'v.mp4'],
    ['image/jpeg', 'Bräu "1".jpg', 'inline; filename="Br_u _1_.jpg"; filename*=UTF-8\'\'Br%C3%A4u%20%221%22.jpg'],
  ])('%s %s', (type, name, expected) => {
    expect(dispositionOf(type, name)).toBe(expected);
  });
});

describe('storedType', () => {
  it.each([
    ['image/jpeg', 'image/png', 'image/png'],
    ['video/mp4', 'application/octet-stream', 'video/mp4'],
    ['image/png', 'text/html', 'image/png'],
  ])('announced %s, received %s → %s', (announced, received, expected) => {
    expect(storedType(announced, received)).toBe(expected);
  });
});
