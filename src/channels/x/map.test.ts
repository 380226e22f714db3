import { describe, expect, it } from 'vitest';
import type { InboundEntity } from '../types.ts';
import { toBatches } from './fetch.ts';
import { dmToEntity, oneToOneConversationId, storable, tweetText, tweetToEntity, usersById, xStartTime } from './map.ts';

describe('tweetText', () => {
  it('unescapes the entities X puts in post text, once', () => {
    expect(tweetText({ id: '1', text: 'a &lt;b&gt; &amp; c &amp;amp; d' })).toBe('a <b> & c &amp; d');
  });

  it('prefers the note_tweet text of a long post and expands its t.co links', () => {
    const text = tweetText({
      id: '1',
      text: 'cut short… https://t.co/short',
      entities: { urls: [{ url: 'https://t.co/short', expanded_url: 'https://x.com/i/web/status/1' }] },
      note_tweet: {
        text: 'the whole story, see https://t.co/abc and https://t.co/abc again',
        entities: { urls: [{ url: 'https://t.co/abc', expanded_url: 'https://example.com/order/42' }] },
      },
    });
    expect(text).toBe('the whole story, see https://example.com/order/42 and https://example.com/order/42 again');
  });
});

describe('tweetToEntity', () => {
  it('threads by conversation_id, points at the replied post and links to the post', () => {
    const users = usersById([{ id: '7', username: 'alice', name: 'Alice', profile_image_url: 'https://img/a.png' }]);
    const entity = tweetToEntity(
      {
        id: '300',
        text: 'still waiting',
        author_id: '7',
        conversation_id: '100',
        created_at: '2025-01-01T10:00:00.000Z',
        referenced_tweets: [{ type: 'quoted', id: '50' }, { type: 'replied_to', id: '200' }],
      },
      users,
      'mentions',
    );
    expect(entity).toEqual({
      kind: 'tweet',
      stream: 'mentions',
      externalId: '300',
      conversationKey: 'tweet:100',
      inReplyToExternalId: '200',
      author: { externalUserId: '7', handle: 'alice', displayName: 'Alice', avatarUrl: 'https://img/a.png', profile: { bio: null, location: null, followersCount: null, verified: null, accountCreatedAt: null } },
      text: 'still waiting',
      createdAt: '2025-01-01T10:00:00.000Z',
      url: 'https://x.com/alice/status/300',
    });
  });

  it('keeps the author id when X left the author out of includes', () => {
    const entity = tweetToEntity({ id: '5', text: 'hi', author_id: '9' }, new Map(), 'mentions');
    expect(entity.author.externalUserId).toBe('9');
    expect(entity.url).toBe('https://x.com/i/status/5');
    expect(entity.conversationKey).toBe('tweet:5');
  });
});

describe('toBatches', () => {
  const entity = (id: string) => ({ externalId: id }) as InboundEntity;

  it('returns nothing when nothing was seen', () => {
    expect(toBatches([], null)).toEqual([]);
  });

  it('returns a batch without entities that only moves the cursor when everything was skipped', () => {
    expect(toBatches([], '90071992547409930')).toEqual([{ entities: [], cursor: '90071992547409930' }]);
  });

  it('orders oldest first by numeric id, not by string, in batches of 100 with their own newest id as cursor', () => {
    const ids = Array.from({ length: 230 }, (_, i) => String(9_999_999_999_999_000n + BigInt(i * 7)));
    const batches = toBatches([...ids].reverse().map(entity), ids.at(-1) ?? null);
    expect(batches.map((b) => b.entities.length)).toEqual([100, 100, 30]);
    expect(batches.map((b) => b.cursor)).toEqual([ids[99], ids[199], ids[229]]);
    expect(batches[0]?.entities[0]?.externalId).toBe(ids[0]);
    expect(toBatches([entity('9'), entity('10')], '10').map((b) => b.entities.map((e) => e.externalId))).toEqual([['9', '10']]);
  });

  it('moves the last cursor past newer posts that were skipped', () => {
    expect(toBatches([entity('5')], '8')).toEqual([{ entities: [entity('5')], cursor: '8' }]);
  });
});

describe('helpers', () => {
  it('names a one-to-one conversation smaller id first, comparing as numbers', () => {
    expect(oneToOneConversationId('1000', '999')).toBe('999-1000');
    expect(oneToOneConversationId('999', '1000')).toBe('999-1000');
  });

  it('writes start_time to the second, never before X existed', () => {
    expect(xStartTime(new Date('2025-03-04T05:06:07.890Z'))).toBe('2025-03-04T05:06:07Z');
    expect(xStartTime(new Date(0))).toBe('2010-11-06T00:00:01Z');
  });
});

describe('storable', () => {
  it.each([
    ['a NUL is dropped', 'order\u0000 4711', 'order 4711'],
    ['a lone high surrogate becomes U+FFFD', 'a\uD83Db', 'a\uFFFDb'],
    ['a lone low surrogate becomes U+FFFD', 'a\uDE00b', 'a\uFFFDb'],
    ['a pair is kept', 'ok \uD83D\uDE00', 'ok \uD83D\uDE00'],
    ['other control characters are kept', 'tab\tnew\nline', 'tab\tnew\nline'],
  ])('%s', (_, given, expected) => {
    expect(storable(given)).toBe(expected);
  });

  it('is applied to DM text and sender names at the channel boundary', () => {
    const users = usersById([{ id: '7', username: 'alice', name: 'Al\u0000ice' }]);
    const entity = dmToEntity({ id: '1', event_type: 'MessageCreate', text: 'hi\u0000there', sender_id: '7', dm_conversation_id: '7-9' }, users);
    expect(entity.text).toBe('hithere');
    expect(entity.author.displayName).toBe('Alice');
  });

  it('is applied to the alt text of a photo in a DM', () => {
    const media = [{ media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/media/a.png', alt_text: 'the\u0000 label' }];
    const entity = dmToEntity({ id: '1', event_type: 'MessageCreate', text: 'see', sender_id: '7', dm_conversation_id: '7-9', attachments: { media_keys: ['3_1'] } }, new Map(), media);
    expect(entity.attachments?.[0]?.altText).toBe('the label');
  });
});
