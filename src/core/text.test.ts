import { describe, expect, it } from 'vitest';
import { storable, storableDeep } from './text.ts';

describe('storable', () => {
  it.each([
    ['a\u0000b', 'ab'],
    ['lone \uD800 high', 'lone \uFFFD high'],
    ['pair \uD83D\uDE00 kept', 'pair \uD83D\uDE00 kept'],
    ['plain', 'plain'],
  ])('%j → %j', (input, want) => expect(storable(input)).toBe(want));

  it('cleans every string of an inbound message, and nothing else', () => {
    const when = new Date(0);
    expect(storableDeep({ text: 'x\u0000', n: 3, at: when, media: [{ filename: '\u0000.png', source: { url: 'https://h/%00' } }], none: null })).toEqual({
      text: 'x',
      n: 3,
      at: when,
      media: [{ filename: '.png', source: { url: 'https://h/%00' } }],
      none: null,
    });
  });
});
