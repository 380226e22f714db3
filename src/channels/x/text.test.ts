import { describe, expect, it } from 'vitest';
import { checkText } from './text.ts';

describe('checkText for posts', () => {
  it.each([
    ['280 plain characters', 'a'.repeat(280), true, 280],
    ['281 plain characters', 'a'.repeat(281), false, 281],
    ['a long URL, which counts 23', `${'a'.repeat(256)} https://example.com/${'x'.repeat(200)}`, true, 280],
    ['a URL without scheme, also 23', `${'a'.repeat(257)} example.com/path`, false, 281],
    ['emoji, which count 2 each', '😀'.repeat(140), true, 280],
    ['one emoji too many', '😀'.repeat(141), false, 282],
    ['a family emoji sequence, counted once as 2', '👨‍👩‍👧‍👦'.repeat(140), true, 280],
    ['CJK, which counts 2', '漢'.repeat(141), false, 282],
    ['accented Latin, which counts 1', 'é'.repeat(280), true, 280],
  ])('%s', (_label, text, ok, length) => {
    const check = checkText('tweet', text);
    expect(check).toMatchObject({ ok, length, max: 280 });
    expect(check.message === null).toBe(ok);
  });

  it('says in words how long a post is and what X allows', () => {
    expect(checkText('tweet', 'b'.repeat(291)).message).toBe('The post is 291 characters long; X allows 280.');
  });

  it('refuses an empty or blank post', () => {
    expect(checkText('tweet', '')).toEqual({ ok: false, length: 0, max: 280, message: 'The post is empty.' });
    expect(checkText('tweet', '  \n ').ok).toBe(false);
  });
});

describe('checkText for direct messages', () => {
  it('counts code points up to 10,000', () => {
    expect(checkText('dm', '😀'.repeat(10_000))).toEqual({ ok: true, length: 10_000, max: 10_000, message: null });
    expect(checkText('dm', 'x'.repeat(10_001))).toEqual({
      ok: false,
      length: 10_001,
      max: 10_000,
      message: 'The direct message is 10,001 characters long; X allows 10,000.',
    });
  });

  it('does not weigh URLs or emoji in a DM', () => {
    expect(checkText('dm', 'https://example.com/' + 'x'.repeat(100)).length).toBe(120);
  });

  it('refuses an empty DM', () => {
    expect(checkText('dm', '').ok).toBe(false);
    expect(checkText('dm', '').message).toBe('The direct message is empty.');
  });
});
