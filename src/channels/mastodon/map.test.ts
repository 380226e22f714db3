import { describe, expect, it } from 'vitest';
import { dmKey, htmlToText } from './map.ts';
import { checkText, statusLength } from './text.ts';

describe('Mastodon content as safe text', () => {
  const cases: [string, string, string][] = [
    ['paragraphs and line breaks', '<p>Hello</p><p>line one<br />line two</p>', 'Hello\n\nline one\nline two'],
    ['entities decoded, markup gone', '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>', '<script>alert(1)</script> & more'],
    ['a mention keeps its @name, not its link', '<p><span class="h-card"><a href="https://m.example/@help" class="u-url mention">@<span>help</span></a></span> hi</p>', '@help hi'],
    ['a shortened link keeps its whole address', '<p><a href="https://example.com/a/long/path"><span class="invisible">https://</span><span class="ellipsis">example.com/a/lo</span><span class="invisible">ng/path</span></a></p>', 'https://example.com/a/long/path'],
    ['images and tags of other servers are dropped', '<p>look <img src="x.png" alt="x"><b>bold</b></p>', 'look bold'],
  ];
  for (const [title, html, text] of cases) it(title, () => expect(htmlToText(html)).toBe(text));
});

describe('Mastodon length', () => {
  const cases: [string, number][] = [
    ['plain', 5],
    [`see https://example.com/${'x'.repeat(100)}`, 4 + 23],
    ['@carol@other.example hi', '@carol hi'.length],
    ['👩‍👩‍👧', 1],
  ];
  for (const [text, length] of cases) it(`counts ${JSON.stringify(text).slice(0, 30)} as ${length}`, () => expect(statusLength(text)).toBe(length));
  it('checks against the server limit', () => {
    expect(checkText('tweet', 'x'.repeat(500))).toMatchObject({ ok: true, max: 500 });
    expect(checkText('tweet', 'x'.repeat(501)).message).toMatch(/500 characters.*501/);
    expect(checkText('dm', 'x'.repeat(600), 1000)).toMatchObject({ ok: true, max: 1000 });
  });
});

describe('Mastodon DM conversations', () => {
  it('are the people besides the account, however threaded', () => {
    const status = (from: string, mentions: string[]) => ({ account: { id: from, username: '', acct: '', display_name: '' }, mentions: mentions.map((id) => ({ id, username: '', acct: '' })) });
    expect(dmKey('1', status('7', ['1']))).toBe('dm:7');
    expect(dmKey('1', status('1', ['7']))).toBe('dm:7');
    expect(dmKey('1', status('9', ['1', '7']))).toBe('dm:7,9');
  });
});

describe('Mastodon limits of the profile\'s server', () => {
  it('counts against the stored max_characters, 500 without it; a new DM\'s key is the recipient', async () => {
    const { mastodonAdapter } = await import('./index.ts');
    const text = 'a'.repeat(700);
    expect(mastodonAdapter.checkText('dm', text)).toMatchObject({ ok: false, max: 500, message: 'Mastodon allows 500 characters on this server; this text has 700.' });
    expect(mastodonAdapter.checkText('dm', text, { maxCharacters: 1000 })).toMatchObject({ ok: true, length: 700, max: 1000 });
    expect(mastodonAdapter.checkMedia!('tweet', [{ contentType: 'image/png', size: 10 }, { contentType: 'image/png', size: 10 }], { maxAttachments: 1 })).toMatch(/up to 1 files/);
    expect(mastodonAdapter.dmConversationKey!('1', '7')).toBe('dm:7');
  });
});
